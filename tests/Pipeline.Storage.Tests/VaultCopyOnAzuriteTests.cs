using System.Security.Cryptography;
using Pipeline.Core.Staging;
using Pipeline.Storage.Blobs;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>
/// The vault copy, below and above the size read once: the copy holds the upload's bytes, is named by their
/// SHA-256 and reports their size; an upload overwritten since its registration (another ETag) is not copied, nor is
/// one that is empty or longer than the limit.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class VaultCopyOnAzuriteTests(AzuriteFixture azurite)
{
    private const long MaxBytes = 64 << 20;

    private readonly BlobArtifactStore store = new(azurite.Blobs);

    [Theory]
    [InlineData(232)]
    [InlineData(VaultCopy.KeptBytes)]
    [InlineData(VaultCopy.KeptBytes + 1)]
    public async Task Copy_OfAnUpload_HoldsItsBytesUnderTheirDigest(int size)
    {
        var model = TestUploads.NewModelName("vc");
        var bytes = TestUploads.SomeModelBytes(size, seed: size);
        var upload = await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", bytes);
        var etag = (await upload.GetPropertiesAsync()).Value.ETag.ToString();

        var secured = await store.CopyToVaultAsync(model, upload.Name, etag, MaxBytes, CancellationToken.None);

        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.NotNull(secured);
        var fingerprint = secured.Fingerprint;
        Assert.NotNull(fingerprint);
        Assert.Equal(size, secured.UploadBytes);
        Assert.Equal((digest, (long)size, $"{model}/{digest}"), (fingerprint.Sha256, fingerprint.SizeBytes, fingerprint.VaultPath));
        // Kept bytes are written while the caller goes on: the copy is there once Stored says so.
        await secured.Stored;
        var copy = azurite.Blobs.GetBlobContainerClient(StorageNames.VaultContainer).GetBlobClient(fingerprint.VaultPath);
        Assert.Equal(bytes, (await copy.DownloadContentAsync()).Value.Content.ToArray());
        // The bytes read are handed on (for the checks) up to the size read once, and only then.
        Assert.Equal(size <= VaultCopy.KeptBytes ? bytes : null, secured.Content?.ToArray());

        // Again (a retried activity): the copy that exists is the answer.
        var again = await store.CopyToVaultAsync(model, upload.Name, etag, MaxBytes, CancellationToken.None);
        Assert.NotNull(again);
        await again.Stored;
        Assert.Equal(fingerprint, again.Fingerprint);
        Assert.Equal(secured.Content?.ToArray(), again?.Content?.ToArray());
    }

    [Theory]
    [InlineData(0, 1024)]
    [InlineData(1025, 1024)]
    public async Task Copy_OfAnEmptyOrTooLongUpload_CopiesNothingAndSaysItsLength(int size, long maxBytes)
    {
        var model = TestUploads.NewModelName("vc");
        var upload = await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", size == 0 ? [] : TestUploads.SomeModelBytes(size));
        var etag = (await upload.GetPropertiesAsync()).Value.ETag.ToString();

        var refused = await store.CopyToVaultAsync(model, upload.Name, etag, maxBytes, CancellationToken.None);

        Assert.Equal(new VaultCopy(size, null, null), refused);
        var vault = azurite.Blobs.GetBlobContainerClient(StorageNames.VaultContainer);
        await vault.CreateIfNotExistsAsync();
        Assert.False(await vault.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, model + "/", CancellationToken.None).GetAsyncEnumerator().MoveNextAsync());
    }

    [Fact]
    public async Task Copy_OfAnOverwrittenUpload_IsNull()
    {
        var model = TestUploads.NewModelName("vc");
        var upload = await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SomeModelBytes(seed: 1));
        var registered = (await upload.GetPropertiesAsync()).Value.ETag.ToString();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SomeModelBytes(seed: 2));

        Assert.Null(await store.CopyToVaultAsync(model, upload.Name, registered, MaxBytes, CancellationToken.None));
    }
}
