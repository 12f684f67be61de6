using System.Security.Cryptography;
using Pipeline.Storage.Blobs;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>
/// The vault copy, below and above the size read once: the copy holds the upload's bytes, is named by their
/// SHA-256 and reports their size; an upload overwritten since its registration (another ETag) is not copied.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class VaultCopyOnAzuriteTests(AzuriteFixture azurite)
{
    private readonly BlobArtifactStore store = new(azurite.Blobs);

    [Theory]
    [InlineData(232)]
    [InlineData(BlobArtifactStore.SinglePassBytes)]
    [InlineData(BlobArtifactStore.SinglePassBytes + 1)]
    public async Task Copy_OfAnUpload_HoldsItsBytesUnderTheirDigest(int size)
    {
        var model = TestUploads.NewModelName("vc");
        var bytes = TestUploads.SomeModelBytes(size, seed: size);
        var upload = await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", bytes);
        var etag = (await upload.GetPropertiesAsync()).Value.ETag.ToString();

        var fingerprint = await store.CopyToVaultAsync(model, upload.Name, etag, CancellationToken.None);

        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.NotNull(fingerprint);
        Assert.Equal((digest, (long)size, $"{model}/{digest}"), (fingerprint.Sha256, fingerprint.SizeBytes, fingerprint.VaultPath));
        var copy = azurite.Blobs.GetBlobContainerClient(StorageNames.VaultContainer).GetBlobClient(fingerprint.VaultPath);
        Assert.Equal(bytes, (await copy.DownloadContentAsync()).Value.Content.ToArray());

        // Again (a retried activity): the copy that exists is the answer.
        Assert.Equal(fingerprint, await store.CopyToVaultAsync(model, upload.Name, etag, CancellationToken.None));
    }

    [Fact]
    public async Task Copy_OfAnOverwrittenUpload_IsNull()
    {
        var model = TestUploads.NewModelName("vc");
        var upload = await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SomeModelBytes(seed: 1));
        var registered = (await upload.GetPropertiesAsync()).Value.ETag.ToString();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SomeModelBytes(seed: 2));

        Assert.Null(await store.CopyToVaultAsync(model, upload.Name, registered, CancellationToken.None));
    }
}
