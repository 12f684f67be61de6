using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;
using Pipeline.Workflow.Activities;

namespace Pipeline.Workflow.Tests.Orchestrators;

/// <summary>One activity run as the orchestrator asked for it: the activity's name and the input it received.</summary>
internal sealed record ActivityCall(string Activity, object? Input);

/// <summary>
/// Stand-ins for the workflow's activities, registered under the real names, that return scripted
/// results and record every call with the input that crossed the engine (deserialized, as the real ones see it).
/// </summary>
internal sealed class ScriptedActivities
{
    private readonly ConcurrentQueue<ActivityCall> calls = new();
    private readonly ConcurrentDictionary<string, RecordedDecision> recorded = new();
    private int promotions;
    private int testRuns;

    /// <summary>What <see cref="BeginStagingTests"/> answers; false makes the round stale.</summary>
    public bool RoundIsCurrent { get; init; } = true;

    /// <summary>The state <see cref="RunStagingTests"/> ends in.</summary>
    public VersionState TestOutcome { get; init; } = VersionState.AwaitingApproval;

    /// <summary>What <see cref="RunStagingTests"/> throws on its first calls, one failure a call, before it succeeds.</summary>
    public IReadOnlyList<Exception> TestFailures { get; init; } = [];

    /// <summary>Holds <see cref="RunStagingTests"/> open until it completes, so a test can look at the running round.</summary>
    public Task TestsFinish { get; init; } = Task.CompletedTask;

    /// <summary>What <see cref="PromoteVersion"/> throws on its first calls, one failure a call, before it succeeds.</summary>
    public IReadOnlyList<Exception> PromotionFailures { get; init; } = [];

    /// <summary>What <see cref="ExpireApproval"/> finds on record at the deadline: a decision whose signal never came, or null.</summary>
    public RecordedDecision? DecidedBeforeDeadline { get; init; }

    /// <summary>The reminders and escalation <see cref="PlanApprovalWait"/> plans, as offsets from when it runs.</summary>
    public IReadOnlyList<(TimeSpan After, bool Escalation)> Nudges { get; init; } = [];

    /// <summary>The calls so far, in the order they started.</summary>
    public IReadOnlyList<ActivityCall> Calls => [.. calls];

    public void Register(DurableTaskRegistry registry)
    {
        registry.AddActivityFunc<VersionRound, bool>(
            nameof(BeginStagingTests), (_, round) => Record(nameof(BeginStagingTests), round, RoundIsCurrent));
        registry.AddActivityFunc<VersionRound, VersionState>(nameof(RunStagingTests), async (_, round) =>
        {
            Record(nameof(RunStagingTests), round, TestOutcome);
            var attempt = Interlocked.Increment(ref testRuns) - 1;
            if (attempt < TestFailures.Count)
            {
                throw TestFailures[attempt];
            }

            await TestsFinish;
            return TestOutcome;
        });
        registry.AddActivityFunc<StagingFailure, VersionState>(
            nameof(FailStagingTests), (_, failure) => Record(nameof(FailStagingTests), failure, VersionState.TestsFailed));
        registry.AddActivityFunc<VersionRound, VersionState>(nameof(PromoteVersion), (_, round) =>
        {
            var result = Record(nameof(PromoteVersion), round, VersionState.Production);
            var attempt = Interlocked.Increment(ref promotions) - 1;
            return attempt < PromotionFailures.Count ? throw PromotionFailures[attempt] : result;
        });
        registry.AddActivityFunc<VersionRound, VersionState>(
            nameof(RejectVersion), (_, round) => Record(nameof(RejectVersion), round, VersionState.Rejected));
        registry.AddActivityFunc<ApprovalWaitRequest, ApprovalPlan>(nameof(PlanApprovalWait), (_, request) =>
        {
            var now = DateTime.UtcNow;
            var reminders = Nudges.Count(n => !n.Escalation);
            var number = 0;
            var plan = new ApprovalPlan(
                now + request.FallbackTimeout,
                [.. Nudges.Select(n => new ApprovalNudge(now + n.After, n.Escalation, n.Escalation ? 1 : ++number, n.Escalation ? 1 : reminders, n.Escalation ? ["oncall@example.com"] : []))]);
            return Record(nameof(PlanApprovalWait), request, plan);
        });
        registry.AddActivityFunc<ReminderInput, bool>(nameof(SendReminder), (_, reminder) => Record(nameof(SendReminder), reminder, true));
        registry.AddActivityFunc<ReceivedSignal, RecordedDecision?>(
            nameof(MatchDecision),
            (_, signal) => Record(nameof(MatchDecision), signal, DecisionSignal.ReadDecisionId(signal.Payload) is { } id ? recorded.GetValueOrDefault(id) : null));
        registry.AddActivityFunc<VersionRound, RecordedDecision?>(
            nameof(ExpireApproval), (_, round) => Record(nameof(ExpireApproval), round, DecidedBeforeDeadline));
    }

    /// <summary>Plays the registry's record of a decision that settles the round; the signal to send names it.</summary>
    public DecisionSignal RecordDecision(bool approved, string actor, string? comment)
    {
        var decision = new RecordedDecision(
            Guid.NewGuid().ToString("N"), approved, $"test:{actor}", actor, comment, 2, "abc", DateTimeOffset.UnixEpoch, Settles: true);
        recorded[decision.Id] = decision;
        return new DecisionSignal(decision.Id);
    }

    private T Record<T>(string activity, object? input, T result)
    {
        calls.Enqueue(new ActivityCall(activity, input));
        return result;
    }
}
