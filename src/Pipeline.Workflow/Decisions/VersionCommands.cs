using Microsoft.DurableTask.Client;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Workflow.Orchestrators;

namespace Pipeline.Workflow.Decisions;

/// <summary>
/// What the approve, reject and retest endpoints do: check the registry state first, then signal
/// the workflow. A request the state does not allow changes nothing and says which state it is in.
/// </summary>
public sealed class VersionCommands(ModelQueries queries, ModelVersionRounds rounds)
{
    /// <summary>Hands a decision to the version's waiting orchestration.</summary>
    /// <exception cref="Core.Errors.VersionNotFoundException">No such version.</exception>
    /// <exception cref="Core.Errors.VersionStateConflictException">It is not awaiting approval.</exception>
    public async Task<ModelVersion> DecideAsync(
        DurableTaskClient client, ModelVersionKey key, PromotionDecision decision, CancellationToken cancellationToken)
    {
        var action = decision.Approved ? VersionAction.Approve : VersionAction.Reject;
        var version = await queries.GetForActionAsync(key, action, cancellationToken);
        var instanceId = version.OrchestrationId!;

        // An event raised to a missing or finished instance is silently dropped by some engines; say so instead.
        await EnsureWaitingAsync(client, key, instanceId, cancellationToken);
        try
        {
            await client.RaiseEventAsync(instanceId, WorkflowEvents.Decision, decision, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The state can change between the check and the raise. Engines that check refuse the event
            // in their own words (the Functions host: gRPC NotFound or FailedPrecondition); what matters
            // is whether the workflow is still there to receive it.
            await EnsureWaitingAsync(client, key, instanceId, cancellationToken);
            throw;
        }

        return version;
    }

    /// <summary>Starts the next round of tests for a version whose tests failed or whose approval expired.</summary>
    /// <returns>The orchestration instance id of the new round.</returns>
    public async Task<string> RetestAsync(DurableTaskClient client, ModelVersionKey key, CancellationToken cancellationToken)
    {
        var version = await queries.GetForActionAsync(key, VersionAction.Retest, cancellationToken);
        return await rounds.StartAsync(client, key, version.Attempt + 1, cancellationToken);
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
