using System.Text;
using Pipeline.Storage.Blobs;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>
/// Staging reports are kept per round: a round's report is found by its number, a round still testing shows the latest
/// earlier round's, a round closed while its tests ran cannot overwrite the current round's, and a report written before
/// reports were kept per round (<c>staging.json</c>) still counts, as older than any round's own.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StagingReportsOnAzuriteTests(AzuriteFixture azurite)
{
    private readonly BlobDatasetStore store = new(azurite.Blobs);

    [Fact]
    public async Task Report_OfEachRound_IsKeptApartAndTheLatestUpToTheRoundIsFound()
    {
        var model = TestUploads.NewModelName("sr");
        Assert.Null(await FindAsync(model, 1));

        await SaveAsync(model, 1, "round 1");
        Assert.Equal("round 1", await FindAsync(model, 1));
        // Round 2 is testing: round 1's report is the latest evidence.
        Assert.Equal("round 1", await FindAsync(model, 2));

        await SaveAsync(model, 2, "round 2");
        // Round 1, closed while its tests ran, writes late: round 2's report stays.
        await SaveAsync(model, 1, "round 1, late");
        Assert.Equal("round 2", await FindAsync(model, 2));
        Assert.Equal("round 1, late", await FindAsync(model, 1));

        // Rounds past 9 are compared as numbers, not as names ("staging-10" sorts before "staging-2").
        await SaveAsync(model, 10, "round 10");
        Assert.Equal("round 10", await FindAsync(model, 11));
        Assert.Equal("round 2", await FindAsync(model, 9));
    }

    [Fact]
    public async Task Report_WrittenBeforeReportsWerePerRound_IsFoundUntilARoundWritesItsOwn()
    {
        var model = TestUploads.NewModelName("sr");
        var reports = azurite.Blobs.GetBlobContainerClient(StorageNames.ReportsContainer);
        await reports.CreateIfNotExistsAsync();
        await reports.GetBlobClient($"{model}/v1/staging.json").UploadAsync(new BinaryData("before"));
        // Not reports: other files in the folder, and another version whose name starts alike.
        await reports.GetBlobClient($"{model}/v1/staging-notes.json").UploadAsync(new BinaryData("not a report"));
        await reports.GetBlobClient($"{model}/v10/staging-5.json").UploadAsync(new BinaryData("v10's"));

        Assert.Equal("before", await FindAsync(model, 1));
        Assert.Equal("before", await FindAsync(model, 3));

        await SaveAsync(model, 2, "round 2");
        Assert.Equal("round 2", await FindAsync(model, 3));
        Assert.Equal("before", await FindAsync(model, 1));
    }

    private Task SaveAsync(string model, int attempt, string text) =>
        store.SaveStagingReportAsync(model, "v1", attempt, Encoding.UTF8.GetBytes(text), CancellationToken.None);

    private async Task<string?> FindAsync(string model, int attempt) =>
        await store.FindStagingReportAsync(model, "v1", attempt, CancellationToken.None) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
}
