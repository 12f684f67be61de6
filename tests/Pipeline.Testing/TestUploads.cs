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

    /// <summary>Puts an evaluation dataset in the datasets container.</summary>
    public static async Task UploadDatasetAsync(BlobServiceClient blobs, string name, BinaryData content)
    {
        var container = blobs.GetBlobContainerClient("datasets");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(name).UploadAsync(content, overwrite: true);
    }

    /// <summary>A model name no other test uses.</summary>
    public static string NewModelName(string prefix = "m") => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>
    /// A real ONNX model (the shipped credit-risk sample) made distinct per <paramref name="seed"/>:
    /// a protobuf field the ONNX schema does not define is appended, which parsers skip, so the
    /// model loads and scores the same while its bytes and SHA-256 differ.
    /// </summary>
    public static byte[] SampleModelBytes(int seed = 1, string sample = "credit-risk-v1.onnx")
    {
        var model = File.ReadAllBytes(Path.Combine(AzuriteFixture.RepositoryRoot, "samples", "models", sample));
        var payload = System.Text.Encoding.UTF8.GetBytes($"seed-{seed}");
        // Field 1000, wire type 2 (length-delimited): tag varint 0xC2 0x3E, then the length.
        return [.. model, 0xC2, 0x3E, (byte)payload.Length, .. payload];
    }

    /// <summary>Some bytes standing in for a model file.</summary>
    public static byte[] SomeModelBytes(int size = 4096, int seed = 1)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
