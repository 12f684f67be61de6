using Microsoft.DurableTask.Client;
using Pipeline.Core.Access;
using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;

namespace Pipeline.Workflow.Decisions;

/// <summary>
/// A registry client's "move this version to that stage", mapped onto the gate: Production is an approval (the
/// approver's, for a version awaiting one) and is answered once the promotion is done; Staging is a retest; Archived
/// is never set by hand. The previous production version is archived by the promotion, whatever the client asked.
/// </summary>
public sealed class StageTransitions(VersionCommands commands, ModelQueries queries)
{
    /// <summary>How often a transition to Production reads the registry while it waits for the promotion.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Moves the version towards <paramref name="target"/> as the gate allows; returns it as it is then.</summary>
    /// <param name="client">The durable client the decision or retest goes through.</param>
    /// <param name="key">The version.</param>
    /// <param name="caller">Who asks; their roles are checked for what the stage means.</param>
    /// <param name="target">The stage asked for.</param>
    /// <param name="comment">The approver's comment, for Production.</param>
    /// <param name="wait">How long a transition to Production waits for the promotion before answering with the version as it is.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="AccessDeniedException">The caller lacks the role the stage's meaning needs.</exception>
    /// <exception cref="StageNotSettableException">Archived.</exception>
    public async Task<ModelVersion> TransitionAsync(
        DurableTaskClient client, ModelVersionKey key, Caller caller, Stage target, string? comment, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(caller);
        switch (target)
        {
            case Stage.Production:
                AccessRules.Demand(caller, PipelineAction.Approve);
                var receipt = await commands.DecideAsync(client, key, caller, approved: true, comment, cancellationToken);
                return receipt.Settles ? await WaitForPromotionAsync(key, wait, cancellationToken) : receipt.Version;
            case Stage.Staging:
                AccessRules.Demand(caller, PipelineAction.Retest);
                await commands.RetestAsync(client, key, cancellationToken);
                return await queries.GetVersionAsync(key, cancellationToken);
            default:
                throw new StageNotSettableException(
                    key.Model,
                    key.Version,
                    $"Version '{key.Version}' of model '{key.Model}' cannot be archived by hand: a version is archived by the next promotion, which archives the production version it replaces, or by a rollback.");
        }
    }

    /// <summary>Rejects the version awaiting approval, with the approver's reason (a rejected transition request).</summary>
    public async Task<ModelVersion> RejectAsync(DurableTaskClient client, ModelVersionKey key, Caller caller, string reason, CancellationToken cancellationToken)
    {
        AccessRules.Demand(caller, PipelineAction.Reject);
        return (await commands.DecideAsync(client, key, caller, approved: false, reason, cancellationToken)).Version;
    }

    private async Task<ModelVersion> WaitForPromotionAsync(ModelVersionKey key, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            var version = await queries.GetVersionAsync(key, cancellationToken);
            if (version.State != VersionState.AwaitingApproval || DateTimeOffset.UtcNow >= deadline)
            {
                return version;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
