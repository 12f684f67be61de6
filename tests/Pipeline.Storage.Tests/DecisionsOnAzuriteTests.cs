using Pipeline.Core.Access;
using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>Decisions as records on Azurite: bound to the round and artifact, guarded, counted, and the only way out of AwaitingApproval.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DecisionsOnAzuriteTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Caller Alice = TestCallers.Named("alice");
    private static readonly Caller Bob = TestCallers.Named("bob");
    private readonly TestClock clock = new(Day0);
    private readonly RegistryHarness registry;

    public DecisionsOnAzuriteTests(AzuriteFixture azurite) => registry = new RegistryHarness(azurite, clock);

    private VersionDecisions Decisions => registry.Decisions;

    [Fact]
    public async Task Approve_TwoRequired_PromotesOnlyOnTheSecondDistinctApproverEachRecorded()
    {
        var key = await AwaitingApprovalAsync("""{"approval": {"approvers": ["alice", "bob", "carol"], "requiredApprovals": 2}}""");

        var first = await Decisions.RecordAsync(key, Alice, approved: true, "fine by me", CancellationToken.None);
        var again = await Decisions.RecordAsync(key, Alice, approved: true, "still fine", CancellationToken.None);
        await Assert.ThrowsAsync<NoRecordedDecisionException>(() => registry.Production.PromoteAsync(key, 1, CancellationToken.None));
        var second = await Decisions.RecordAsync(key, Bob, approved: true, "ship it", CancellationToken.None);
        var promoted = await registry.Production.PromoteAsync(key, 1, CancellationToken.None);

        Assert.False(first.Settles);
        Assert.Equal((1, 2), (first.Approvals, first.RequiredApprovals));
        Assert.True(again.Repeated);
        Assert.Equal(first.Decision.Id, again.Decision.Id);
        Assert.True(second.Settles);
        Assert.Equal(2, second.Approvals);
        Assert.Equal(VersionState.Production, promoted.State);
        var history = await registry.Store.ListHistoryAsync(key.Model, 50, CancellationToken.None);
        Assert.Equal(2, history.Count(h => h.Action == HistoryAction.ApprovalRecorded));
        Assert.Contains(history, h => h.Action == HistoryAction.ApprovalRecorded && h.Actor == "alice" && h.Reason!.StartsWith("Approval 1 of 2", StringComparison.Ordinal));
        var promotion = Assert.Single(history, h => h.Action == HistoryAction.Promoted);
        Assert.Equal("alice, bob", promotion.Actor);
        Assert.Equal("ship it", promotion.Reason);
    }

    [Fact]
    public async Task Decide_NotAListedApprover_IsRefusedAndRecordsNothing()
    {
        var key = await AwaitingApprovalAsync("""{"approval": {"approvers": ["alice"]}}""");

        var refused = await Assert.ThrowsAsync<NotListedException>(() => Decisions.RecordAsync(key, Bob, approved: false, "no", CancellationToken.None));

        Assert.Equal("approval.approvers", refused.List);
        Assert.Empty((await Version(key)).Decisions);
    }

    [Fact]
    public async Task Decide_AfterTheDeadline_IsRefusedWithTheDeadline()
    {
        var key = await AwaitingApprovalAsync(policy: null);
        var due = (await Version(key)).ApprovalDueAt!.Value;
        clock.Set(due);

        var refused = await Assert.ThrowsAsync<ApprovalDeadlinePassedException>(() => Decisions.RecordAsync(key, Alice, approved: true, null, CancellationToken.None));

        Assert.Equal(Day0.AddDays(7), due);
        Assert.Equal(due, refused.Deadline);
        Assert.Empty((await Version(key)).Decisions);
    }

    [Fact]
    public async Task Decide_AfterARejection_IsRefusedNamingTheRejection()
    {
        var key = await AwaitingApprovalAsync(policy: null);
        await Decisions.RecordAsync(key, Bob, approved: false, "bias on segment B", CancellationToken.None);

        var refused = await Assert.ThrowsAsync<DecisionConflictException>(() => Decisions.RecordAsync(key, Alice, approved: true, null, CancellationToken.None));
        var repeated = await Decisions.RecordAsync(key, Bob, approved: false, "again", CancellationToken.None);

        Assert.Equal("bob", refused.Winner.Actor);
        Assert.False(refused.Winner.Approved);
        Assert.Contains("already rejected by 'bob'", refused.Message, StringComparison.Ordinal);
        Assert.True(repeated.Repeated);
        await Assert.ThrowsAsync<NoRecordedDecisionException>(() => registry.Production.PromoteAsync(key, 1, CancellationToken.None));
        Assert.Equal(VersionState.Rejected, (await registry.Rounds.RejectAsync(key, 1, CancellationToken.None)).State);
    }

    [Fact]
    public async Task Decide_RacingApproveAndReject_RecordsExactlyOne()
    {
        var keys = new List<ModelVersionKey>();
        for (var i = 0; i < 5; i++)
        {
            keys.Add(await AwaitingApprovalAsync(policy: null));
        }

        foreach (var key in keys)
        {
            var outcomes = await Task.WhenAll(
                Outcome(() => Decisions.RecordAsync(key, Alice, approved: true, null, CancellationToken.None)),
                Outcome(() => Decisions.RecordAsync(key, Bob, approved: false, "no", CancellationToken.None)));

            var winner = Assert.Single(outcomes, o => o.Receipt is not null).Receipt!;
            var loser = Assert.Single(outcomes, o => o.Conflict is not null).Conflict!;
            Assert.Equal(winner.Decision.Id, loser.Winner.Id);
            Assert.Equal(winner.Decision, Assert.Single((await Version(key)).Decisions));
        }
    }

    [Fact]
    public async Task Signal_NotNamingTheRecord_IsIgnoredAndRecorded()
    {
        var key = await AwaitingApprovalAsync(policy: null);
        var forged = await Decisions.MatchSignalAsync(key, 1, null, """{"approved":true}""", CancellationToken.None);
        var receipt = await Decisions.RecordAsync(key, Alice, approved: true, null, CancellationToken.None);
        var wrongRound = await Decisions.MatchSignalAsync(key, 2, receipt.Decision.Id, "{}", CancellationToken.None);
        var matched = await Decisions.MatchSignalAsync(key, 1, receipt.Decision.Id, "{}", CancellationToken.None);

        Assert.Null(forged);
        Assert.Null(wrongRound);
        Assert.Equal(receipt.Decision, matched);
        var ignored = (await registry.Store.ListHistoryAsync(key.Model, 50, CancellationToken.None)).Where(h => h.Action == HistoryAction.DecisionIgnored).ToList();
        Assert.Equal(2, ignored.Count);
        Assert.Contains(ignored, h => h.Reason!.Contains("""{"approved":true}""", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signal_MatchedAgainAfterTheDecisionWasCarriedOut_AnswersTheSameAndRecordsNothing()
    {
        var key = await AwaitingApprovalAsync(policy: null);
        var receipt = await Decisions.RecordAsync(key, Alice, approved: true, null, CancellationToken.None);
        var first = await Decisions.MatchSignalAsync(key, 1, receipt.Decision.Id, "{}", CancellationToken.None);
        await registry.Production.PromoteAsync(key, 1, CancellationToken.None);

        // The activity run again after a crash (at least once): the version has moved on meanwhile.
        var again = await Decisions.MatchSignalAsync(key, 1, receipt.Decision.Id, "{}", CancellationToken.None);

        Assert.Equal(receipt.Decision, first);
        Assert.Equal(receipt.Decision, again);
        Assert.DoesNotContain(await registry.Store.ListHistoryAsync(key.Model, 50, CancellationToken.None), h => h.Action == HistoryAction.DecisionIgnored);
    }

    [Fact]
    public async Task Expire_WithADecisionRecordedInTime_LeavesItToBeCarriedOut()
    {
        var key = await AwaitingApprovalAsync(policy: null);
        var undecided = await AwaitingApprovalAsync(policy: null);
        await Decisions.RecordAsync(key, Alice, approved: true, null, CancellationToken.None);

        var kept = await registry.Rounds.ExpireApprovalAsync(key, 1, CancellationToken.None);
        var expired = await registry.Rounds.ExpireApprovalAsync(undecided, 1, CancellationToken.None);

        Assert.Equal(VersionState.AwaitingApproval, kept.State);
        Assert.NotNull(kept.SettledDecision);
        Assert.Equal(VersionState.ApprovalExpired, expired.State);
    }

    [Fact]
    public async Task Decisions_OfAnEarlierRound_DoNotCountInTheNext()
    {
        var key = await AwaitingApprovalAsync("""{"approval": {"requiredApprovals": 2}}""");
        await Decisions.RecordAsync(key, Alice, approved: true, null, CancellationToken.None);
        await registry.Rounds.ExpireApprovalAsync(key, 1, CancellationToken.None);

        // Round 2 passes its tests; alice's round-1 approval is not carried over.
        Assert.True(await registry.Rounds.BeginTestsAsync(key, 2, "test:round2", CancellationToken.None));
        var tests = new Core.Staging.StagingReport([new Core.Staging.CheckResult("integrity", Core.Staging.CheckOutcome.Passed, "ok", 1)], null);
        var round2 = await registry.Rounds.RecordTestResultsAsync(key, 2, tests, TimeSpan.FromDays(1), CancellationToken.None);
        var receipt = await Decisions.RecordAsync(key, Bob, approved: true, null, CancellationToken.None);

        Assert.Equal(VersionState.AwaitingApproval, round2.State);
        Assert.Empty(round2.Decisions);
        Assert.Equal(1, receipt.Approvals);
        Assert.False(receipt.Settles);
    }

    private async Task<ModelVersionKey> AwaitingApprovalAsync(string? policy)
    {
        var model = TestUploads.NewModelName("dec");
        if (policy is not null)
        {
            await new ModelPolicies(registry.Policies, clock).ReplaceAsync(model, policy, Alice, CancellationToken.None);
        }

        var key = await registry.RegisterAsync(model, "v1", TestUploads.SomeModelBytes(seed: Random.Shared.Next()));
        Assert.Equal(VersionState.AwaitingApproval, (await registry.TestAsync(key)).State);
        return key;
    }

    private async Task<ModelVersion> Version(ModelVersionKey key) =>
        (await registry.Store.FindVersionAsync(key.Model, key.Version, CancellationToken.None))!;

    private static async Task<(DecisionReceipt? Receipt, DecisionConflictException? Conflict)> Outcome(Func<Task<DecisionReceipt>> decide)
    {
        try
        {
            return (await Task.Run(decide), null);
        }
        catch (DecisionConflictException e)
        {
            return (null, e);
        }
    }
}
