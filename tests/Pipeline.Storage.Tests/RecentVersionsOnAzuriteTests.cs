using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Storage.Tables;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>
/// A round's steps on one node start from the row the step before wrote (<see cref="RecentVersions"/>): the
/// registration's row begins the tests, the tests' row is tested, the outcome's row plans the wait; none of them reads
/// the version's row. A row another writer changed since is refused by the guarded write and read then.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RecentVersionsOnAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Round_OnOneNode_NeverReadsTheVersionRow()
    {
        var (node, requests, recent) = Node();
        var key = await node.RegisterAsync(TestUploads.NewModelName("rv"), "v1", TestUploads.SomeModelBytes(seed: 1));

        Assert.True(await node.Rounds.BeginTestsAsync(key, 1, "test:round", CancellationToken.None));
        var run = await node.Staging().RunIfDueAsync(key, v => v.Attempt == 1 && v.State == VersionState.Testing, publish: null, CancellationToken.None);
        var recorded = await node.Rounds.RecordTestResultsAsync(key, 1, run.Report!, TimeSpan.FromDays(2), run.Version, CancellationToken.None);
        var plan = await node.Decisions.PlanWaitAsync(key, 1, TimeSpan.FromDays(7), CancellationToken.None);

        Assert.Equal(VersionState.AwaitingApproval, recorded.State);
        Assert.Equal(recorded.ApprovalDueAt!.Value.UtcDateTime, plan.DueAt);
        // Not to register it (its add is refused if it exists), nor in any step after.
        Assert.DoesNotContain($"GET row {VersionRow(key)}", requests.Requests);
        // The rows written are the table's: a reader finds what the last step left, with the same token.
        var read = await new TableRegistryStore(azurite.Tables).FindVersionAsync(key.Model, key.Version, CancellationToken.None);
        Assert.Equal(recorded.ConcurrencyToken, read!.ConcurrencyToken);
        Assert.Equal(recorded.ConcurrencyToken, recent.Find(key.Model, key.Version)!.ConcurrencyToken);
    }

    [Fact]
    public async Task Round_WhoseRowAnotherWriterChanged_ReadsItAndBeginsAllTheSame()
    {
        var (node, requests, recent) = Node();
        var key = await node.RegisterAsync(TestUploads.NewModelName("rv"), "v1", TestUploads.SomeModelBytes(seed: 2));
        // Another writer (another node, or a path that keeps nothing) changes the row: what this node kept is older.
        var store = new TableRegistryStore(azurite.Tables);
        var current = (await store.FindVersionAsync(key.Model, key.Version, CancellationToken.None))!;
        var entry = HistoryEntry.ForStateChange(HistoryAction.TransitionRequested, current, current.State, DateTimeOffset.UtcNow, "ann", "Requested Production.");
        var changed = await store.SaveTransitionAsync(current with { StateReason = "changed elsewhere" }, entry, CancellationToken.None);
        Assert.NotEqual(recent.Find(key.Model, key.Version)!.ConcurrencyToken, changed.ConcurrencyToken);
        var before = requests.Requests.Count;

        Assert.True(await node.Rounds.BeginTestsAsync(key, 1, "test:round", CancellationToken.None));

        var after = requests.Requests.Skip(before).ToList();
        // The write from the kept row is refused, the row is read, and the write made from it.
        Assert.Equal(["POST $batch", $"GET row {VersionRow(key)}", "POST $batch"], after.Where(r => r.Contains("$batch") || r.Contains("row v_")));
        var begun = (await store.FindVersionAsync(key.Model, key.Version, CancellationToken.None))!;
        Assert.Equal((VersionState.Testing, 1), (begun.State, begun.Attempt));
        Assert.Null(begun.StateReason);
        Assert.Equal(begun.ConcurrencyToken, recent.Find(key.Model, key.Version)!.ConcurrencyToken);
    }

    // How the recorder names a point read of the version's row (the registry's row key is "v_" and the label).
    private static string VersionRow(ModelVersionKey key) => "v_" + key.Version;

    // One node's registry services, sharing what it remembers, their table requests recorded.
    private (RegistryHarness Node, StorageRequestRecorder Requests, RecentVersions Recent) Node()
    {
        var (requests, recent) = (new StorageRequestRecorder(), new RecentVersions());
        return (new RegistryHarness(azurite, TimeProvider.System, requests.Tables(azurite), recent), requests, recent);
    }
}
