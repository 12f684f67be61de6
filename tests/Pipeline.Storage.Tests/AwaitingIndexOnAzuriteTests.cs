using Azure.Data.Tables;
using Pipeline.Core.Approvals;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Storage.Tables;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>
/// The awaiting index behind the approver's inbox: a round is listed while it waits for a decision and only then, the
/// inbox reads the index and the page's versions (never a scan of the registry), and a listing left behind is dropped.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AwaitingIndexOnAzuriteTests(AzuriteFixture azurite)
{
    private readonly RegistryHarness registry = new(azurite, TimeProvider.System);

    [Theory]
    [InlineData("promoted")]
    [InlineData("rejected")]
    [InlineData("expired")]
    public async Task Round_IsListedFromItsPassedTestsUntilItsWaitEnds(string how)
    {
        var key = await registry.RegisterAsync(TestUploads.NewModelName("aw"), "v1", TestUploads.SomeModelBytes(seed: 1));
        Assert.Null(await ListedAsync(key));

        var waiting = await registry.TestAsync(key);

        var listed = await ListedAsync(key);
        Assert.Equal(new AwaitingEntry(key.Model, "v1", 1, waiting.ApprovalDueAt, waiting.RegisteredAt), listed);
        var ended = await EndAsync(key, how);
        Assert.NotEqual(VersionState.AwaitingApproval, ended.State);
        Assert.Null(await ListedAsync(key));
    }

    [Fact]
    public async Task Approval_RecordedWhileTheRoundWaits_LeavesItListed()
    {
        var key = await registry.RegisterAsync(TestUploads.NewModelName("aw"), "v1", TestUploads.SomeModelBytes(seed: 2));
        var waiting = await registry.TestAsync(key);

        // A write that keeps the state (the decision is recorded; the workflow promotes later) neither lists nor removes.
        var receipt = await registry.Decisions.RecordAsync(key, TestCallers.Named("ann"), approved: true, "fine", CancellationToken.None);

        Assert.Equal(VersionState.AwaitingApproval, receipt.Version.State);
        Assert.Equal(AwaitingEntry.Of(waiting), await ListedAsync(key));
    }

    [Fact]
    public async Task Inbox_LeavesOutAndForgetsAListingItsVersionLeft_FillsThePage_AndReadsNoRegistryScan()
    {
        var (left, waits) = (TestUploads.NewModelName("aw"), TestUploads.NewModelName("aw"));
        var gone = await registry.RegisterAsync(left, "v1", TestUploads.SomeModelBytes(seed: 3));
        var stale = await registry.TestAsync(gone);
        await registry.ApproveAndPromoteAsync(gone, "dana");
        var kept = await registry.RegisterAsync(waits, "v1", TestUploads.SomeModelBytes(seed: 4));
        var waiting = await registry.TestAsync(kept);
        // A removal that failed: the round is listed although its version is in production. Both listings are dated
        // first of all, the stale one before the other, so that they open the inbox whatever else this Azurite holds.
        await registry.Store.IndexAwaitingAsync(stale with { ApprovalDueAt = DateTimeOffset.UnixEpoch }, CancellationToken.None);
        await registry.Store.IndexAwaitingAsync(waiting with { ApprovalDueAt = DateTimeOffset.UnixEpoch.AddSeconds(1) }, CancellationToken.None);
        var requests = new StorageRequestRecorder();
        var tables = requests.Tables(azurite);
        var inbox = new ApprovalInbox(new TableRegistryStore(tables), new TablePolicyStore(tables));

        var page = await inbox.ListPendingAsync(new PageRequest(1, null), CancellationToken.None);

        // The stale listing is not served and the page of one is filled from the listing after it.
        Assert.Equal(waits, Assert.Single(page.Items).Version.Model);
        Assert.Null(await ListedAsync(gone));
        Assert.NotNull(await ListedAsync(kept));
        // One query of the index; the registry is read row by row (the page's versions, policies and model rows).
        Assert.DoesNotContain($"GET {StorageNames.RegistryTable}()", requests.Requests);
        Assert.Contains($"GET {StorageNames.ModelIndexTable}()", requests.Requests);
        Assert.Contains("GET row v_v1", requests.Requests);
    }

    [Fact]
    public async Task Relist_OfARoundWhoseListingFailed_ListsItAgain_AndNothingForAnotherRound()
    {
        var key = await registry.RegisterAsync(TestUploads.NewModelName("aw"), "v1", TestUploads.SomeModelBytes(seed: 5));
        var waiting = await registry.TestAsync(key);
        await registry.Store.ForgetAwaitingAsync(AwaitingEntry.Of(waiting), CancellationToken.None);

        await registry.Rounds.RelistAwaitingAsync(waiting, attempt: 2, CancellationToken.None);
        Assert.Null(await ListedAsync(key));
        await registry.Rounds.RelistAwaitingAsync(waiting, attempt: 1, CancellationToken.None);

        Assert.Equal(AwaitingEntry.Of(waiting), await ListedAsync(key));
    }

    [Fact]
    public async Task Backfill_FillsAnIndexOnce_AndNotAgainOnceItsMarkerIsWritten()
    {
        var service = azurite.Tables;
        var name = "Backfill" + Guid.NewGuid().ToString("N")[..12];
        var index = service.GetTableClient(name);
        await index.CreateIfNotExistsAsync();
        var reads = 0;

        await IndexBackfill.EnsureAsync(index, "first", ct => RowsAsync(ct, "a", "b"), CancellationToken.None);
        await IndexBackfill.EnsureAsync(index, "first", ct => RowsAsync(ct, "c"), CancellationToken.None);
        // Another process (here: another marker's first use) finds the marker and reads nothing.
        await index.UpsertEntityAsync(new TableEntity("meta", "second"));
        await IndexBackfill.EnsureAsync(index, "second", ct => RowsAsync(ct, "d"), CancellationToken.None);

        var rows = new List<string>();
        await foreach (var row in index.QueryAsync<TableEntity>(r => r.PartitionKey == "rows"))
        {
            rows.Add(row.RowKey);
        }

        Assert.Equal(["a", "b"], rows);
        Assert.Equal(2, reads);
        Assert.True((await index.GetEntityIfExistsAsync<TableEntity>("meta", "first")).HasValue);
        await service.DeleteTableAsync(name);

        async IAsyncEnumerable<TableEntity> RowsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken, params string[] keys)
        {
            foreach (var key in keys)
            {
                reads++;
                await Task.Yield();
                yield return new TableEntity("rows", key);
            }
        }
    }

    private async Task<AwaitingEntry?> ListedAsync(ModelVersionKey key) =>
        (await registry.Store.ListAwaitingApprovalAsync(CancellationToken.None)).SingleOrDefault(e => e.Model == key.Model && e.Version == key.Version);

    private async Task<ModelVersion> EndAsync(ModelVersionKey key, string how)
    {
        switch (how)
        {
            case "promoted":
                return await registry.ApproveAndPromoteAsync(key, "dana");
            case "rejected":
                await registry.Decisions.RecordAsync(key, TestCallers.Named("dana"), approved: false, "no", CancellationToken.None);
                return await registry.Rounds.RejectAsync(key, 1, CancellationToken.None);
            default:
                return await registry.Rounds.ExpireApprovalAsync(key, 1, CancellationToken.None);
        }
    }
}
