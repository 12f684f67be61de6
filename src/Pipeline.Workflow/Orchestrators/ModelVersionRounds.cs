using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Pipeline.Core.Naming;

namespace Pipeline.Workflow.Orchestrators;

/// <summary>
/// Owns the rounds of <see cref="ModelVersionOrchestrator"/>: the instance id of each round and
/// starting one, for the upload path (round 1) and retests (the next round) alike.
/// </summary>
public sealed class ModelVersionRounds(IOptions<PipelineOptions> options)
{
    /// <summary>
    /// The instance id of round <paramref name="attempt"/> of <paramref name="key"/>. Deterministic, so
    /// that starting the same round twice names the same instance.
    /// </summary>
    public static string InstanceIdFor(ModelVersionKey key, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{key.Model}:{key.Version}:{attempt}");

    /// <summary>Starts round <paramref name="attempt"/> of a version's tests; starting a round that exists already is success.</summary>
    /// <returns>The round's instance id.</returns>
    public async Task<string> StartAsync(DurableTaskClient client, ModelVersionKey key, int attempt, CancellationToken cancellationToken)
    {
        var instanceId = InstanceIdFor(key, attempt);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            // Some backends restart an instance scheduled again under the same id; never ask them to.
            return instanceId;
        }

        var input = new ModelVersionWorkflowInput(key.Model, key.Version, attempt, options.Value.ApprovalTimeout);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ModelVersionOrchestrator), input, new StartOrchestrationOptions(instanceId), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Engines answer "already exists" differently (gRPC status, InvalidOperationException);
            // what matters is whether the instance is there.
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is null)
            {
                throw;
            }
        }

        return instanceId;
    }
}
