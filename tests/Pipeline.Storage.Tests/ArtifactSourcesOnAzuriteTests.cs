using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Core.Errors;
using Pipeline.Storage.Blobs;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>
/// Source blobs and their copies into models: a copy is of the blob exactly as it was found, appears whole with its
/// metadata or not at all, and never replaces a blob already there.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ArtifactSourcesOnAzuriteTests(AzuriteFixture azurite)
{
    private const string Container = "mlflow-artifacts";

    private readonly BlobArtifactSources sources = new(azurite.Blobs);

    [Fact]
    public async Task Copy_FoundBlob_WritesItsBytesWithTheMetadata()
    {
        var bytes = TestUploads.SomeModelBytes(9 << 20, seed: 3);
        var blob = await FoundAsync($"copy/{Guid.NewGuid():N}/model.onnx", bytes);
        var target = $"{TestUploads.NewModelName()}/1/model.onnx";

        var eTag = await sources.CopyAsync(blob, target, new Dictionary<string, string> { ["mlflowsource"] = "https://x/y" }, CancellationToken.None);

        var copy = Models().GetBlobClient(target);
        Assert.Equal(bytes, (await copy.DownloadContentAsync()).Value.Content.ToArray());
        var properties = (await copy.GetPropertiesAsync()).Value;
        Assert.Equal(eTag, properties.ETag.ToString());
        Assert.Equal("https://x/y", properties.Metadata["mlflowsource"]);
    }

    [Fact]
    public async Task Copy_SourceChangedSinceFound_IsUnreadableAndLeavesNoCopy()
    {
        var path = $"copy/{Guid.NewGuid():N}/model.onnx";
        var blob = await FoundAsync(path, TestUploads.SomeModelBytes(seed: 4));
        await Source(path).UploadAsync(new BinaryData(TestUploads.SomeModelBytes(seed: 5)), overwrite: true);
        var target = $"{TestUploads.NewModelName()}/1/model.onnx";

        var error = await Assert.ThrowsAsync<UnreadableSourceException>(() => sources.CopyAsync(blob, target, new Dictionary<string, string>(), CancellationToken.None));

        Assert.Contains("changed or deleted", error.Reason, StringComparison.Ordinal);
        Assert.False((await Models().GetBlobClient(target).ExistsAsync()).Value);
    }

    [Fact]
    public async Task Copy_SourceDeletedSinceFound_IsUnreadableAndLeavesNoCopy()
    {
        var path = $"copy/{Guid.NewGuid():N}/model.onnx";
        var blob = await FoundAsync(path, TestUploads.SomeModelBytes(seed: 6));
        await Source(path).DeleteAsync();
        var target = $"{TestUploads.NewModelName()}/1/model.onnx";

        await Assert.ThrowsAsync<UnreadableSourceException>(() => sources.CopyAsync(blob, target, new Dictionary<string, string>(), CancellationToken.None));

        Assert.False((await Models().GetBlobClient(target).ExistsAsync()).Value);
    }

    [Fact]
    public async Task Copy_TargetExists_ReturnsNullAndLeavesItAsItWas()
    {
        var blob = await FoundAsync($"copy/{Guid.NewGuid():N}/model.onnx", TestUploads.SomeModelBytes(seed: 7));
        var target = $"{TestUploads.NewModelName()}/1/model.onnx";
        var existing = TestUploads.SomeModelBytes(seed: 8);
        await TestUploads.UploadAsync(azurite.Blobs, target, existing);

        var eTag = await sources.CopyAsync(blob, target, new Dictionary<string, string>(), CancellationToken.None);

        Assert.Null(eTag);
        Assert.Equal(existing, (await Models().GetBlobClient(target).DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task Find_FolderMarkerOfAHierarchicalAccount_IsNoBlob()
    {
        var path = $"marker/{Guid.NewGuid():N}/model";
        await Source(path).UploadAsync(new BinaryData([]), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["hdi_isfolder"] = "true" } });

        Assert.Null(await sources.FindAsync(Container, path, CancellationToken.None));
        Assert.True(await sources.AnyUnderAsync(Container, "marker/", CancellationToken.None));
        Assert.False(await sources.AnyUnderAsync(Container, $"{path}/", CancellationToken.None));
        Assert.Null(await sources.FindAsync("no-such-container", "x.onnx", CancellationToken.None));
        Assert.False(await sources.AnyUnderAsync("no-such-container", "x/", CancellationToken.None));
    }

    [Fact]
    public void Account_IsTheClientsWithTheInternalContainers()
    {
        Assert.Equal(azurite.Blobs.AccountName, sources.Account.AccountName);
        Assert.True(sources.Account.IsPathStyle);
        Assert.NotNull(sources.Account.ExplainInternal(StorageNames.VaultContainer));
        Assert.NotNull(sources.Account.ExplainInternal(StorageNames.ModelsContainer));
        Assert.Null(sources.Account.ExplainInternal(Container));
    }

    private async Task<Core.Sources.SourceBlob> FoundAsync(string path, byte[] content)
    {
        await Source(path).UploadAsync(new BinaryData(content), overwrite: true);
        return (await sources.FindAsync(Container, path, CancellationToken.None))!;
    }

    private BlobClient Source(string path)
    {
        var container = azurite.Blobs.GetBlobContainerClient(Container);
        container.CreateIfNotExists();
        return container.GetBlobClient(path);
    }

    private BlobContainerClient Models()
    {
        var models = azurite.Blobs.GetBlobContainerClient(StorageNames.ModelsContainer);
        models.CreateIfNotExists();
        return models;
    }
}
