using Azure.Data.Tables;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;
using Pipeline.Core.Staging;
using Pipeline.Storage.Tables;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>
/// Values too big for a Table property are cut before they are written, so no state change fails for the
/// size of its detail; and the rounds a workflow could not finish are closed with their reason.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BoundedValuesOnAzuriteTests(AzuriteFixture azurite)
{
    // A Table string property holds 64 KiB, 32,768 UTF-16 characters. The adapter writes free text up to
    // 4,000 characters and JSON columns up to 30,000 (README, "Known limits").
    private const int MaxTextChars = 4_000;
    private const int MaxPropertyChars = 30_000;

    private readonly RegistryHarness registry = new(azurite, TimeProvider.System);
    private readonly TableRegistryStore store = new(azurite.Tables);

    [Fact]
    public async Task RecordTestResults_FortyThousandCharacterTensorNameAndHugeFailure_IsWrittenWithEveryValueCut()
    {
        var model = TestUploads.NewModelName("bound");
        var key = await registry.RegisterAsync(model, "v1", TestUploads.SomeModelBytes());
        Assert.True(await registry.Rounds.BeginTestsAsync(key, 1, "round-1", CancellationToken.None));
        var inputs = new Dictionary<string, string> { ["inputs"] = new string('x', 40_000) + ": float[-1,3]", ["outputs"] = "probability: float[-1,1]" };
        var hugeFailure = "The runtime said: " + new string('é', 1_000_000);
        var report = new StagingReport(
        [
            new CheckResult("loads", CheckOutcome.Passed, "The artifact loads in ONNX Runtime.", 1, inputs),
            new CheckResult("signature", CheckOutcome.Failed, $"Input '{new string('x', 40_000)}' is too long.", 0, inputs),
            new CheckResult("evaluation", CheckOutcome.Failed, hugeFailure, 2),
        ], null);

        var recorded = await registry.Rounds.RecordTestResultsAsync(key, 1, report, TimeSpan.FromDays(7), CancellationToken.None);

        Assert.Equal(VersionState.TestsFailed, recorded.State);
        var stored = (await store.FindVersionAsync(model, "v1", CancellationToken.None))!;
        Assert.Equal(VersionState.TestsFailed, stored.State);
        Assert.Equal(["loads", "signature", "evaluation"], stored.TestResults.Select(r => r.Name));
        Assert.All(stored.TestResults, r => Assert.InRange(r.Reason.Length, 1, MaxTextChars));
        Assert.StartsWith("The runtime said: éé", stored.TestResults[2].Reason, StringComparison.Ordinal);
        Assert.EndsWith(BoundedText.Ellipsis, stored.TestResults[2].Reason, StringComparison.Ordinal);
        Assert.StartsWith("xxxx", stored.TestResults[0].Details!["inputs"], StringComparison.Ordinal);
        Assert.Equal("probability: float[-1,1]", stored.TestResults[0].Details!["outputs"]);
        Assert.Equal(MaxTextChars, stored.StateReason!.Length);
        Assert.StartsWith("signature: Input 'xxx", stored.StateReason, StringComparison.Ordinal);
        var entry = (await store.ListHistoryAsync(model, 10, CancellationToken.None))[0];
        Assert.Equal(HistoryAction.TestsFailed, entry.Action);
        Assert.Equal(MaxTextChars, entry.Reason!.Length);
        await AssertEveryStringFitsAsync(model);
    }

    [Fact]
    public async Task AddVersion_MetadataFarBeyondTheLimit_IsWrittenWithItsValuesCut()
    {
        var model = TestUploads.NewModelName("bound");
        var metadata = Enumerable.Range(0, 20).ToDictionary(i => $"key{i}", i => new string('m', 50_000));
        metadata["uploadedby"] = "alice";
        var version = TestVersions.Registered(model) with { Metadata = metadata };

        Assert.NotNull(await store.TryAddVersionAsync(version, HistoryEntry.ForRegistration(version, new string('a', 50_000), "Uploaded."), null, CancellationToken.None));

        var stored = (await store.FindVersionAsync(model, "v1", CancellationToken.None))!;
        Assert.Equal(21, stored.Metadata.Count);
        Assert.Equal("alice", stored.Metadata["uploadedby"]);
        Assert.All(stored.Metadata.Values, value => Assert.InRange(value.Length, 1, MaxTextChars));
        Assert.EndsWith(BoundedText.Ellipsis, stored.Metadata["key0"], StringComparison.Ordinal);
        Assert.Equal(MaxTextChars, Assert.Single(await store.ListHistoryAsync(model, 10, CancellationToken.None)).Actor.Length);
        await AssertEveryStringFitsAsync(model);
    }

    [Fact]
    public async Task FailTests_RoundInTesting_EndsTestsFailedOnceWithTheErrorAndNoResults()
    {
        var model = TestUploads.NewModelName("bound");
        var key = await registry.RegisterAsync(model, "v1", TestUploads.SomeModelBytes());
        Assert.True(await registry.Rounds.BeginTestsAsync(key, 1, "round-1", CancellationToken.None));

        var failed = await registry.Rounds.FailTestsAsync(key, 1, "ScoringException: Output 'p' has shape [] for 1 rows.", CancellationToken.None);
        var again = await registry.Rounds.FailTestsAsync(key, 1, "a second delivery of the same failure", CancellationToken.None);
        var stale = await registry.Rounds.FailTestsAsync(key, 2, "a round that never started", CancellationToken.None);

        Assert.Equal(VersionState.TestsFailed, failed.State);
        Assert.Equal(
            "The staging tests stopped with an error and did not finish: ScoringException: Output 'p' has shape [] for 1 rows. Retest once the cause is fixed.",
            failed.StateReason);
        Assert.Empty(failed.TestResults);
        Assert.Equal(failed.StateReason, again.StateReason);
        Assert.Equal(1, stale.Attempt);
        var history = await store.ListHistoryAsync(model, 10, CancellationToken.None);
        var entry = Assert.Single(history, h => h.Action == HistoryAction.TestsFailed);
        Assert.Equal((VersionState.Testing, VersionState.TestsFailed), (entry.From, entry.To));
        Assert.Equal("round-1", entry.OrchestrationId);
    }

    [Fact]
    public async Task CloseEndedRound_AwaitingApprovalOfThatWorkflow_ClosesOnceAndLetsTheNextRoundBegin()
    {
        var model = TestUploads.NewModelName("bound");
        var key = await registry.RegisterAsync(model, "v1", TestUploads.SomeModelBytes());
        var tested = await registry.TestAsync(key);
        Assert.Equal(VersionState.AwaitingApproval, tested.State);

        var otherWorkflow = await registry.Rounds.CloseEndedRoundAsync(key, 1, "someone-else", "terminated", CancellationToken.None);
        var closed = await registry.Rounds.CloseEndedRoundAsync(key, 1, tested.OrchestrationId, "terminated", CancellationToken.None);
        var again = await registry.Rounds.CloseEndedRoundAsync(key, 1, tested.OrchestrationId, "terminated", CancellationToken.None);
        var next = await registry.Rounds.BeginTestsAsync(key, 2, "round-2", CancellationToken.None);

        Assert.Equal(VersionState.AwaitingApproval, otherWorkflow.State);
        Assert.Equal(VersionState.TestsFailed, closed.State);
        Assert.Equal($"Round 1 did not finish: its workflow '{tested.OrchestrationId}' is terminated. Closed so that the version could be retested.", closed.StateReason);
        Assert.Equal(VersionState.TestsFailed, again.State);
        Assert.True(next);
        var history = await store.ListHistoryAsync(model, 10, CancellationToken.None);
        var entry = Assert.Single(history, h => h.Action == HistoryAction.WorkflowEnded);
        Assert.Equal((VersionState.AwaitingApproval, VersionState.TestsFailed), (entry.From, entry.To));
        Assert.Equal(HistoryAction.TestsStarted, history[0].Action);
    }

    // What Table Storage would refuse: a string property over its limit anywhere in the model's partition.
    private async Task AssertEveryStringFitsAsync(string model)
    {
        var table = azurite.Tables.GetTableClient(StorageNames.RegistryTable);
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == model))
        {
            var strings = ((IDictionary<string, object>)row).Values.OfType<string>().ToList();
            Assert.All(strings, value => Assert.InRange(value.Length, 0, MaxPropertyChars));
        }
    }
}
