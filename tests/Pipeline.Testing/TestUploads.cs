using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Pipeline.Testing;

/// <summary>Uploads artifacts the way a user's storage client does.</summary>
public static class TestUploads
{
    /// <summary>Uploads <paramref name="content"/> to the models container as <paramref name="blobName"/>.</summary>
    public static async Task<BlobClient> UploadAsync(BlobServiceClient blobs, string blobName, byte[] content, IDictionary<string, string>? metadata = null)
    {
        var container = blobs.GetBlobContainerClient("models");
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient(blobName);
        using var stream = new MemoryStream(content);
        await blob.UploadAsync(stream, new BlobUploadOptions { Metadata = metadata }, CancellationToken.None);
        return blob;
    }

    /// <summary>A model name no other test uses.</summary>
    public static string NewModelName(string prefix = "m") => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>Some bytes standing in for a model file.</summary>
    public static byte[] SomeModelBytes(int size = 4096, int seed = 1)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
