using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Evaluation.Scoring;
using Pipeline.Testing;
using Pipeline.Workflow.Activities;
using Pipeline.Workflow.Orchestrators;

namespace Pipeline.Workflow.Tests.Orchestrators;

/// <summary>
/// The orchestrator's own control flow on the in-memory durable engine, with scripted activities under
/// the real activity names: no Azurite, seconds per test. What the activities do to the registry is
/// covered against the real backend by <see cref="ModelVersionWorkflowTests"/>.
/// </summary>
public sealed class ModelVersionOrchestratorTests : IDisposable
{
    // Long enough that an orchestration which wrongly waits for a decision runs into the test's patience, not into expiry.
    private static readonly TimeSpan NoExpiry = TimeSpan.FromHours(1);
    private static readonly TimeSpan ShortExpiry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static readonly VersionRound Round = new("fraud-scorer", "v3", 2);

    // A hang (host start, a client call) fails the test instead of blocking the run.
    private readonly CancellationTokenSource hang = new(TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Orchestrator_TestsFailed_CompletesWithoutWaitingForADecision()
    {
        var activities = new ScriptedActivities { TestOutcome = VersionState.TestsFailed };
        await using var host = await StartHostAsync(activities);

        var instanceId = await StartRoundAsync(host, NoExpiry);
        var instance = await WaitForCompletionAsync(host, instanceId);

        AssertCompletedAs(instance, VersionState.TestsFailed);
        Assert.Equal(
            [new(nameof(BeginStagingTests), Round), new(nameof(RunStagingTests), Round)],
            activities.Calls);
    }

    [Fact]
    public async Task Orchestrator_NoDecisionBeforeTimeout_ExpiresTheApproval()
    {
        var activities = new ScriptedActivities();
        await using var host = await StartHostAsync(activities);

        var instanceId = await StartRoundAsync(host, ShortExpiry);
        var instance = await WaitForCompletionAsync(host, instanceId);

        AssertCompletedAs(instance, VersionState.ApprovalExpired);
        Assert.Equal(
            [new(nameof(BeginStagingTests), Round), new(nameof(RunStagingTests), Round), new(nameof(PlanApprovalWait), new ApprovalWaitRequest(Round, ShortExpiry)), new(nameof(ExpireApproval), Round)],
            activities.Calls);
    }

    [Fact]
    public async Task Orchestrator_Approved_PromotesWithTheDecisionAndRound()
    {
        var activities = new ScriptedActivities();
        await using var host = await StartHostAsync(activities);
        var instanceId = await StartRoundAsync(host, NoExpiry);
        await WaitForCustomStatusAsync(host, instanceId, VersionState.AwaitingApproval);
        var signal = activities.RecordDecision(approved: true, "dana@example.com", "looks good");

        await host.Client.RaiseEventAsync(instanceId, WorkflowEvents.Decision, signal, hang.Token);
        var instance = await WaitForCompletionAsync(host, instanceId);

        AssertCompletedAs(instance, VersionState.Production);
        Assert.Equal([nameof(BeginStagingTests), nameof(RunStagingTests), nameof(PlanApprovalWait), nameof(MatchDecision), nameof(PromoteVersion)], Names(activities));
        var received = (ReceivedSignal)activities.Calls[3].Input!;
        Assert.Equal(Round, received.Round);
        Assert.Equal(signal.DecisionId, DecisionSignal.ReadDecisionId(received.Payload));
        Assert.Equal(Round, activities.Calls[4].Input);
    }

    [Fact]
    public async Task Orchestrator_Rejected_RejectsWithTheReason()
    {
        var activities = new ScriptedActivities();
        await using var host = await StartHostAsync(activities);
        var instanceId = await StartRoundAsync(host, NoExpiry);
        await WaitForCustomStatusAsync(host, instanceId, VersionState.AwaitingApproval);
        var signal = activities.RecordDecision(approved: false, "erin", "bias on segment B");

        await host.Client.RaiseEventAsync(instanceId, WorkflowEvents.Decision, signal, hang.Token);
        var instance = await WaitForCompletionAsync(host, instanceId);

        AssertCompletedAs(instance, VersionState.Rejected);
        Assert.Equal([nameof(BeginStagingTests), nameof(RunStagingTests), nameof(PlanApprovalWait), nameof(MatchDecision), nameof(RejectVersion)], Names(activities));
        Assert.Equal(Round, activities.Calls[4].Input);
    }

    [Fact]
    public async Task Orchestrator_StaleRound_EndsWithoutOutputOrTests()
    {
        var activities = new ScriptedActivities { RoundIsCurrent = false };
        await using var host = await StartHostAsync(activities);

        var instanceId = await StartRoundAsync(host, NoExpiry);
        var instance = await WaitForCompletionAsync(host, instanceId);

        AssertCompletedAs(instance, null);
        Assert.Equal([new(nameof(BeginStagingTests), Round)], activities.Calls);
    }

    [Fact]
    public async Task Orchestrator_DecisionAfterDeadline_StaysExpired()
    {
        var activities = new ScriptedActivities();
        await using var host = await StartHostAsync(activities);
        var instanceId = await StartRoundAsync(host, ShortExpiry);
        var expired = await WaitForCompletionAsync(host, instanceId);

        await host.Client.RaiseEventAsync(
            instanceId, WorkflowEvents.Decision, activities.RecordDecision(approved: true, "late@example.com", null), hang.Token);
        // Nothing observable happens when a late event is dropped, so give the engine a few of its
        // polling periods (500 ms when busy) to act on it if it were going to.
        await Task.Delay(TimeSpan.FromSeconds(1.5), hang.Token);
        var instance = await GetInstanceAsync(host, instanceId);

        Assert.Equal(VersionState.ApprovalExpired, expired.ReadOutputAs<VersionState?>());
        Assert.NotNull(instance);
        AssertCompletedAs(instance, VersionState.ApprovalExpired);
        Assert.Equal(expired.LastUpdatedAt, instance.LastUpdatedAt);
        Assert.Equal(
            [new(nameof(BeginStagingTests), Round), new(nameof(RunStagingTests), Round), new(nameof(PlanApprovalWait), new ApprovalWaitRequest(Round, ShortExpiry)), new(nameof(ExpireApproval), Round)],
            activities.Calls);
    }

    [Fact]
    public async Task Orchestrator_WhileTestingAndWaiting_CustomStatusMirrorsTheState()
    {
        var testsMayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var activities = new ScriptedActivities { TestsFinish = testsMayFinish.Task };
        await using var host = await StartHostAsync(activities);
        var instanceId = await StartRoundAsync(host, NoExpiry);

        var testing = await WaitForCustomStatusAsync(host, instanceId, VersionState.Testing);
        testsMayFinish.SetResult();
        var waiting = await WaitForCustomStatusAsync(host, instanceId, VersionState.AwaitingApproval);
        var callsWhileWaiting = activities.Calls;
        // End the round so the host stops with nothing in flight.
        await host.Client.RaiseEventAsync(
            instanceId, WorkflowEvents.Decision, activities.RecordDecision(approved: false, "erin", "done looking"), hang.Token);
        var instance = await WaitForCompletionAsync(host, instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Running, testing.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting.RuntimeStatus);
        Assert.Null(waiting.SerializedOutput);
        Assert.Equal([nameof(BeginStagingTests), nameof(RunStagingTests), nameof(PlanApprovalWait)], callsWhileWaiting.Select(c => c.Activity));
        Assert.Equal(VersionState.Rejected, instance.ReadCustomStatusAs<VersionState?>());
    }

    [Fact]
    public async Task Orchestrator_PromotionLosesAWriteRace_RetriesAndPromotes()
    {
        var activities = new ScriptedActivities { PromotionFailures = [new ConcurrencyConflictException("Another writer changed the version first.", new InvalidOperationException("412 Precondition Failed"))] };
        await using var host = await StartHostAsync(activities);
        var instanceId = await StartRoundAsync(host, NoExpiry);
        await WaitForCustomStatusAsync(host, instanceId, VersionState.AwaitingApproval);
        await host.Client.RaiseEventAsync(instanceId, WorkflowEvents.Decision, activities.RecordDecision(approved: true, "dana@example.com", null), hang.Token);
        var instance = await WaitForCompletionAsync(host, instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(VersionState.Production, instance.ReadOutputAs<VersionState?>());
        Assert.Equal(2, activities.Calls.Count(c => c.Activity == nameof(PromoteVersion)));
    }

    [Fact]
    public async Task Orchestrator_PromotionFailsForADomainReason_IsNotRetried()
    {
        var activities = new ScriptedActivities { PromotionFailures = [new VersionNotFoundException(Round.Model, Round.Version)] };
        await using var host = await StartHostAsync(activities);
        var instanceId = await StartRoundAsync(host, NoExpiry);
        await WaitForCustomStatusAsync(host, instanceId, VersionState.AwaitingApproval);

        await host.Client.RaiseEventAsync(
            instanceId, WorkflowEvents.Decision, activities.RecordDecision(approved: true, "dana@example.com", null), hang.Token);
        var instance = await WaitForCompletionAsync(host, instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Equal(1, activities.Calls.Count(c => c.Activity == nameof(PromoteVersion)));
    }

    [Fact]
    public async Task Orchestrator_TestsThrowADomainError_EndsTheRoundTestsFailedWithTheErrorAtOnce()
    {
        var error = new ScoringException("Output 'probability' of the model (stream) has shape [] for 1 rows.");
        var activities = new ScriptedActivities { TestFailures = [error] };
        await using var host = await StartHostAsync(activities);

        var instanceId = await StartRoundAsync(host, NoExpiry);
        var instance = await WaitForCompletionAsync(host, instanceId);

        AssertCompletedAs(instance, VersionState.TestsFailed);
        Assert.Equal(
            [
                new(nameof(BeginStagingTests), Round),
                new(nameof(RunStagingTests), Round),
                new(nameof(FailStagingTests), new StagingFailure(Round, "ScoringException: Output 'probability' of the model (stream) has shape [] for 1 rows.")),
            ],
            activities.Calls);
    }

    [Fact]
    public async Task Orchestrator_TestsThrowAHugeMessage_PassesOnlyItsStartToTheFailure()
    {
        var activities = new ScriptedActivities { TestFailures = [new ScoringException(new string('x', 100_000))] };
        await using var host = await StartHostAsync(activities);

        var instanceId = await StartRoundAsync(host, NoExpiry);
        await WaitForCompletionAsync(host, instanceId);

        var failure = (StagingFailure)activities.Calls.Single(c => c.Activity == nameof(FailStagingTests)).Input!;
        Assert.Equal(StagingFailure.MaxErrorLength, failure.Error.Length);
        Assert.StartsWith("ScoringException: xxx", failure.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orchestrator_TestsFailTransientlyOnce_RetryThenWaitForADecision()
    {
        var activities = new ScriptedActivities { TestFailures = [new TimeoutException("The table service did not answer in time.")] };
        await using var host = await StartHostAsync(activities);
        var instanceId = await StartRoundAsync(host, NoExpiry);

        await WaitForCustomStatusAsync(host, instanceId, VersionState.AwaitingApproval);
        var callsWhileWaiting = activities.Calls;
        await host.Client.RaiseEventAsync(
            instanceId, WorkflowEvents.Decision, activities.RecordDecision(approved: false, "erin", "done looking"), hang.Token);
        await WaitForCompletionAsync(host, instanceId);

        Assert.Equal(
            [nameof(BeginStagingTests), nameof(RunStagingTests), nameof(RunStagingTests), nameof(PlanApprovalWait)],
            callsWhileWaiting.Select(c => c.Activity));
    }

    [Fact]
    public async Task Orchestrator_SignalsThatMatchNoRecord_AreIgnoredAndTheWaitGoesOn()
    {
        var activities = new ScriptedActivities();
        await using var host = await StartHostAsync(activities);
        var instanceId = await StartRoundAsync(host, NoExpiry);
        await WaitForCustomStatusAsync(host, instanceId, VersionState.AwaitingApproval);

        // What an attacker with the durable engine's own API could raise: a decision-shaped payload, an id that
        // is on no record, a bare string, a number and nothing at all. None may move the version, or fail the workflow.
        object?[] forged = [new { Approved = true, Actor = "mallory", Comment = "trust me" }, new DecisionSignal("not-on-record"), "approve", 42, null];
        foreach (var payload in forged)
        {
            await host.Client.RaiseEventAsync(instanceId, WorkflowEvents.Decision, payload, hang.Token);
        }

        await Eventually.WaitAsync(
            () => Task.FromResult(activities.Calls.Count(c => c.Activity == nameof(MatchDecision))),
            count => count == forged.Length,
            Patience,
            "every forged signal to be checked");
        var whileWaiting = await GetInstanceAsync(host, instanceId);
        await host.Client.RaiseEventAsync(instanceId, WorkflowEvents.Decision, activities.RecordDecision(approved: true, "dana", null), hang.Token);
        var instance = await WaitForCompletionAsync(host, instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Running, whileWaiting!.RuntimeStatus);
        AssertCompletedAs(instance, VersionState.Production);
        Assert.Equal(
            [nameof(BeginStagingTests), nameof(RunStagingTests), nameof(PlanApprovalWait), .. Enumerable.Repeat(nameof(MatchDecision), forged.Length + 1), nameof(PromoteVersion)],
            Names(activities));
    }

    [Fact]
    public async Task Orchestrator_DecisionRecordedButItsSignalNeverCame_IsCarriedOutAtTheDeadline()
    {
        var recorded = new RecordedDecision("d1", Approved: true, "test:dana", "dana", null, Round.Attempt, "abc", DateTimeOffset.UnixEpoch, Settles: true);
        var activities = new ScriptedActivities { DecidedBeforeDeadline = recorded };
        await using var host = await StartHostAsync(activities);

        var instanceId = await StartRoundAsync(host, ShortExpiry);
        var instance = await WaitForCompletionAsync(host, instanceId);

        AssertCompletedAs(instance, VersionState.Production);
        Assert.Equal([nameof(BeginStagingTests), nameof(RunStagingTests), nameof(PlanApprovalWait), nameof(ExpireApproval), nameof(PromoteVersion)], Names(activities));
    }

    [Fact]
    public async Task Orchestrator_RemindersThenEscalation_GoOutInOrderBeforeTheExpiry()
    {
        var activities = new ScriptedActivities
        {
            Nudges = [(TimeSpan.FromSeconds(0.3), false), (TimeSpan.FromSeconds(0.6), false), (TimeSpan.FromSeconds(0.9), true)],
        };
        await using var host = await StartHostAsync(activities);

        // The deadline is well after the last nudge: each reminder is an activity's round trip, which on a loaded
        // machine can take a second, and a deadline that passes first rightly ends the wait without the rest.
        var instanceId = await StartRoundAsync(host, TimeSpan.FromSeconds(5));
        var instance = await WaitForCompletionAsync(host, instanceId);

        AssertCompletedAs(instance, VersionState.ApprovalExpired);
        Assert.Equal(
            [nameof(BeginStagingTests), nameof(RunStagingTests), nameof(PlanApprovalWait), nameof(SendReminder), nameof(SendReminder), nameof(SendReminder), nameof(ExpireApproval)],
            Names(activities));
        var sent = activities.Calls.Where(c => c.Activity == nameof(SendReminder)).Select(c => ((ReminderInput)c.Input!).Nudge).ToList();
        Assert.Equal([(false, 1), (false, 2), (true, 1)], sent.Select(n => (n.Escalation, n.Number)));
        Assert.Equal(["oncall@example.com"], sent[2].To);
        Assert.All(sent, n => Assert.Equal(Round, activities.Calls.Select(c => c.Input).OfType<ReminderInput>().First().Round));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Orchestrator_DecisionAfterSomeReminders_CancelsTheRest(int remindersBefore)
    {
        // Reminders 1.5 seconds apart, the deadline far away: the decision comes after the first `remindersBefore` of them.
        var activities = new ScriptedActivities
        {
            Nudges = [(TimeSpan.FromSeconds(1.5), false), (TimeSpan.FromSeconds(3), false), (TimeSpan.FromSeconds(4.5), true)],
        };
        await using var host = await StartHostAsync(activities);
        var instanceId = await StartRoundAsync(host, NoExpiry);
        await WaitForCustomStatusAsync(host, instanceId, VersionState.AwaitingApproval);
        await Eventually.WaitAsync(
            () => Task.FromResult(activities.Calls.Count(c => c.Activity == nameof(SendReminder))),
            count => count == remindersBefore,
            Patience,
            $"{remindersBefore} reminders to go out");

        await host.Client.RaiseEventAsync(instanceId, WorkflowEvents.Decision, activities.RecordDecision(approved: true, "dana", null), hang.Token);
        var instance = await WaitForCompletionAsync(host, instanceId);
        // Were a cancelled reminder still to fire, it would within the rest of the schedule.
        await Task.Delay(TimeSpan.FromSeconds(4.5 - (1.5 * remindersBefore)), hang.Token);

        AssertCompletedAs(instance, VersionState.Production);
        Assert.Equal(
            [nameof(BeginStagingTests), nameof(RunStagingTests), nameof(PlanApprovalWait), .. Enumerable.Repeat(nameof(SendReminder), remindersBefore), nameof(MatchDecision), nameof(PromoteVersion)],
            Names(activities));
    }

    public void Dispose() => hang.Dispose();

    private static string[] Names(ScriptedActivities activities) => [.. activities.Calls.Select(c => c.Activity)];

    // Completed, with the state both as its output and as the custom status the API shows while it runs.
    private static void AssertCompletedAs(OrchestrationMetadata instance, VersionState? state)
    {
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(state, instance.ReadOutputAs<VersionState?>());
        Assert.Equal(state, instance.ReadCustomStatusAs<VersionState?>());
    }

    private Task<DurableTaskTestHost> StartHostAsync(ScriptedActivities activities) =>
        DurableTaskTestHost.StartAsync(
            registry =>
            {
                registry.AddOrchestrator<ModelVersionOrchestrator>();
                activities.Register(registry);
            },
            // Test classes run in parallel; the host's own choice is a random port that may be taken.
            new DurableTaskTestHostOptions { Port = FreePorts.Take(1)[0] },
            hang.Token);

    private Task<string> StartRoundAsync(DurableTaskTestHost host, TimeSpan approvalTimeout) =>
        host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ModelVersionOrchestrator),
            new ModelVersionWorkflowInput(Round.Model, Round.Version, Round.Attempt, approvalTimeout),
            new StartOrchestrationOptions(ModelVersionRounds.InstanceIdFor(ModelVersionKey.Create(Round.Model, Round.Version), Round.Attempt)),
            hang.Token);

    private Task<OrchestrationMetadata?> GetInstanceAsync(DurableTaskTestHost host, string instanceId) =>
        host.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, hang.Token);

    // Polled rather than WaitForInstanceCompletionAsync, whose speed depends on the backend.
    private async Task<OrchestrationMetadata> WaitForCompletionAsync(DurableTaskTestHost host, string instanceId) =>
        (await Eventually.WaitAsync(
            () => GetInstanceAsync(host, instanceId),
            instance => instance?.IsCompleted == true,
            Patience,
            $"{instanceId} to complete"))!;

    // Stops early when the orchestration ends, so a wrong path fails at once with what it ended as.
    private async Task<OrchestrationMetadata> WaitForCustomStatusAsync(DurableTaskTestHost host, string instanceId, VersionState state)
    {
        var instance = (await Eventually.WaitAsync(
            () => GetInstanceAsync(host, instanceId),
            instance => instance is not null && (instance.IsCompleted || instance.ReadCustomStatusAs<VersionState?>() == state),
            Patience,
            $"{instanceId} to show {state}"))!;
        Assert.Equal(state, instance.ReadCustomStatusAs<VersionState?>());
        return instance;
    }
}
