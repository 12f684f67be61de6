using Microsoft.DurableTask.Client;
using Pipeline.Core.Access;
using Pipeline.Core.Diagnostics;
using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Workflow.Orchestrators;

namespace Pipeline.Workflow.Decisions;

/// <summary>
/// What the approve, reject and retest endpoints do: check the registry state first, record, then
/// signal the workflow. A request the state does not allow changes nothing and says which state it is in.
/// </summary>
public sealed class VersionCommands(ModelQueries queries, ModelVersionRounds rounds, StagingRounds staging, VersionDecisions decisions, FaultPoints faults)
{
    /// <summary>
    /// Records a decision on a version awaiting approval (<see cref="VersionDecisions.RecordAsync"/>), then, when it
    /// settles the round, signals the version's waiting workflow to carry it out. A repeated decision signals again
    /// (the signal is harmless twice) and records nothing new.
    /// </summary>
    /// <exception cref="VersionNotFoundException">No such version.</exception>
    /// <exception cref="VersionStateConflictException">It is not awaiting approval.</exception>
    /// <exception cref="WorkflowNotWaitingException">Its workflow has ended, so nothing would carry the decision out; nothing is recorded.</exception>
    /// <remarks>The exceptions of <see cref="VersionDecisions.RecordAsync"/>, too.</remarks>
    public async Task<DecisionReceipt> DecideAsync(
        DurableTaskClient client, ModelVersionKey key, Caller caller, bool approved, string? comment, CancellationToken cancellationToken)
    {
        var version = await queries.GetVersionAsync(key, cancellationToken);
        var instanceId = version.OrchestrationId!;
        if (version.SettledDecision is null)
        {
            // A decision for a workflow that is gone would be recorded and never carried out: refuse it before recording.
            VersionActions.Ensure(approved ? VersionAction.Approve : VersionAction.Reject, key.Model, key.Version, version.State);
            await EnsureWaitingAsync(client, key, instanceId, cancellationToken);
        }

        // A settled round answers here too, even once carried out: the loser of a race learns who won.
        var receipt = await decisions.RecordAsync(key, caller, approved, comment, cancellationToken);
        if (!receipt.Settles || (receipt.Repeated && receipt.Version.State != VersionState.AwaitingApproval))
        {
            return receipt;
        }

        faults.Hit(FaultPoint.AfterDecisionRecord, approved ? "approve" : "reject", key.Model);
        try
        {
            await client.RaiseEventAsync(instanceId, WorkflowEvents.Decision, new DecisionSignal(receipt.Decision.Id), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The state can change between the check and the raise. Engines that check refuse the event
            // in their own words (the Functions host: gRPC NotFound or FailedPrecondition); what matters
            // is whether the workflow is still there to receive it.
            await EnsureWaitingAsync(client, key, instanceId, cancellationToken);
            throw;
        }

        return receipt;
    }

    /// <summary>
    /// Starts the next round of tests for a version whose tests failed or whose approval expired, or whose
    /// round's workflow ended (failed, terminated, gone) while the registry still says Testing or
    /// AwaitingApproval: that round is closed as TestsFailed first, in the registry, and then the next starts.
    /// </summary>
    /// <returns>The orchestration instance id of the new round.</returns>
    /// <exception cref="Core.Errors.VersionNotFoundException">No such version.</exception>
    /// <exception cref="Core.Errors.VersionStateConflictException">Its state does not allow a retest, or its workflow still runs.</exception>
    public async Task<string> RetestAsync(DurableTaskClient client, ModelVersionKey key, CancellationToken cancellationToken)
    {
        var version = await queries.GetVersionAsync(key, cancellationToken);
        if (VersionActions.DependsOnWorkflow(VersionAction.Retest, version.State))
        {
            var ended = await DescribeEndedWorkflowAsync(client, version.OrchestrationId, cancellationToken);
            VersionActions.Ensure(VersionAction.Retest, key.Model, key.Version, version.State, workflowEnded: ended is not null);
            version = await staging.CloseEndedRoundAsync(key, version.Attempt, version.OrchestrationId, ended!, cancellationToken);
        }

        // After a close, too: it changed nothing if the version moved on meanwhile, and then its new state decides.
        VersionActions.Ensure(VersionAction.Retest, key.Model, key.Version, version.State);
        return await rounds.StartAsync(client, key, version.Attempt + 1, cancellationToken);
    }

    // How the round's workflow ended ("failed: …", "terminated", "missing"), or null while it still runs
    // (pending, running or suspended: it can still finish the round itself).
    private static async Task<string?> DescribeEndedWorkflowAsync(DurableTaskClient client, string? instanceId, CancellationToken cancellationToken)
    {
        if (instanceId is null)
        {
            return "missing";
        }

        // The failure comes back only with the payloads (which are small: a round's input and its state). Engines
        // differ in where they put it: the Functions host in the failure details, the local backend in the output.
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return instance switch
        {
            null => "missing",
            { RuntimeStatus: OrchestrationRuntimeStatus.Failed } when (instance.FailureDetails?.ErrorMessage ?? instance.SerializedOutput) is { Length: > 0 } error =>
                $"failed: {BoundedText.Shorten(error, StagingFailure.MaxErrorLength)}",
            { IsCompleted: true } => instance.RuntimeStatus.ToString().ToLowerInvariant(),
            _ => null,
        };
    }

    private static async Task EnsureWaitingAsync(DurableTaskClient client, ModelVersionKey key, string instanceId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (instance is null || instance.IsCompleted)
        {
            throw new WorkflowNotWaitingException(key, instanceId, instance?.RuntimeStatus.ToString() ?? "missing");
        }
    }
}
