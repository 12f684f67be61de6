using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Core.Errors;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Storage.Tables;

namespace Pipeline.Workflow.Orchestrators;

/// <summary>
/// Owns the rounds of <see cref="ModelVersionOrchestrator"/>: the instance id of each round and
/// starting one, for the upload path (round 1) and retests (the next round) alike, once, however many
/// nodes or duplicate events start it at the same moment.
/// </summary>
/// <remarks>
/// The durable backend does not make a second start of one instance id harmless, so only the caller
/// holding the round's claim (<see cref="RoundClaims"/>; for round 1 of an upload, the one that registered it)
/// schedules it. DurableTask.AzureStorage 2.11.2
/// (<c>CreateTaskOrchestrationAsync</c>) reads the instance row, enqueues the ExecutionStarted message,
/// then writes the row: an insert when it read none, a replace guarded by the row's ETag when it read one.
/// With no dedupe statuses (what the gRPC sidecar passes when the client names none), an existing
/// instance in any state is replaced: a new generation and execution id, the round restarted. Two creates
/// at the same moment both read no row and both enqueue a start message; the second insert's 409 is
/// ignored and both calls succeed, leaving the backend's start-message deduplication (by execution id)
/// to drop or keep redelivering the extra message. A check before scheduling, as this class once did,
/// leaves both windows open: two nodes measured here both saw no instance and both scheduled.
/// </remarks>
public sealed partial class ModelVersionRounds(
    IOptions<PipelineOptions> options, RoundClaims claims, TimeProvider clock, ILogger<ModelVersionRounds> logger)
{
    /// <summary>
    /// How long a claim without its instance is left to its claimer. Scheduling takes milliseconds after the
    /// claim; a claim older than this whose instance does not exist belongs to a claimer that died in between.
    /// </summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a caller that lost the claim waits for the winner's instance before it gives up (and its caller retries).</summary>
    public static readonly TimeSpan WaitForClaimer = TimeSpan.FromSeconds(10);

    /// <summary>Who this process is in a claim: the machine and the process (each call adds its own id).</summary>
    private static readonly string Process = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}");

    private enum ClaimOutcome
    {
        Won,
        HeldByAnother,
        InstanceExists,
    }

    /// <summary>
    /// The instance id of round <paramref name="attempt"/> of <paramref name="key"/>. Deterministic, so
    /// that starting the same round twice names the same instance.
    /// </summary>
    public static string InstanceIdFor(ModelVersionKey key, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{key.Model}:{key.Version}:{attempt}");

    /// <summary>
    /// Starts round <paramref name="attempt"/> of a version's tests; a round that exists already, or that
    /// another caller is starting, is success. Throws <see cref="ConcurrencyConflictException"/> when another
    /// caller holds the claim but its instance did not appear in time: the caller tries again later (the
    /// upload watcher does on its next scan), and a claimer that died is taken over after <see cref="ClaimTimeout"/>.
    /// </summary>
    /// <returns>The round's instance id.</returns>
    public async Task<string> StartAsync(DurableTaskClient client, ModelVersionKey key, int attempt, CancellationToken cancellationToken)
    {
        var instanceId = InstanceIdFor(key, attempt);
        return await ExistsAsync(client, instanceId, cancellationToken) ? instanceId : await ClaimAndScheduleAsync(client, key, attempt, cancellationToken);
    }

    /// <summary>
    /// Starts round 1 of a version the upload path registered, <paramref name="registered"/> as its registration
    /// returned it. The registration is round 1's claim: of all callers registering one upload, one inserts its row
    /// (<paramref name="justRegistered"/>), and that one schedules the round without a claim of its own. Another
    /// (a duplicate event, another node) leaves it to that one for <see cref="ClaimTimeout"/> after the registration,
    /// waiting for its instance as for a claim held by another; after that, the registerer died before scheduling, and
    /// the round is claimed as <see cref="StartAsync(DurableTaskClient, ModelVersionKey, int, CancellationToken)"/> does.
    /// </summary>
    /// <returns>The round's instance id.</returns>
    public async Task<string> StartRegisteredAsync(DurableTaskClient client, ModelVersion registered, bool justRegistered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registered);
        var key = ModelVersionKey.Create(registered.Model, registered.Version);
        var instanceId = InstanceIdFor(key, 1);
        if (justRegistered)
        {
            // No round of a row inserted a moment ago can exist, and no other caller schedules it within the timeout.
            await ScheduleAsync(client, key, 1, "registration", cancellationToken);
            return instanceId;
        }

        // The wait ends at once when the instance exists; so does the start.
        return clock.GetUtcNow() - registered.RegisteredAt < ClaimTimeout
            ? await WaitForInstanceAsync(client, instanceId, cancellationToken)
            : await StartAsync(client, key, 1, cancellationToken);
    }

    private async Task<string> ClaimAndScheduleAsync(DurableTaskClient client, ModelVersionKey key, int attempt, CancellationToken cancellationToken)
    {
        var instanceId = InstanceIdFor(key, attempt);
        var claimant = string.Create(CultureInfo.InvariantCulture, $"{Process}/{Guid.NewGuid():N}");
        switch (await ClaimAsync(client, instanceId, claimant, cancellationToken))
        {
            case ClaimOutcome.InstanceExists:
                return instanceId;
            case ClaimOutcome.HeldByAnother:
                return await WaitForInstanceAsync(client, instanceId, cancellationToken);
        }

        await ScheduleAsync(client, key, attempt, claimant, cancellationToken);
        return instanceId;
    }

    private async Task ScheduleAsync(DurableTaskClient client, ModelVersionKey key, int attempt, string claimant, CancellationToken cancellationToken)
    {
        var instanceId = InstanceIdFor(key, attempt);
        var input = new ModelVersionWorkflowInput(key.Model, key.Version, attempt, options.Value.ApprovalTimeout);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ModelVersionOrchestrator), input, new StartOrchestrationOptions(instanceId), cancellationToken);
            LogScheduled(logger, instanceId, claimant);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A claimer taken over while slow may have scheduled after all; what matters is whether the instance is there.
            if (!await ExistsAsync(client, instanceId, cancellationToken))
            {
                throw;
            }
        }
    }

    private static async Task<bool> ExistsAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null;

    private async Task<ClaimOutcome> ClaimAsync(DurableTaskClient client, string instanceId, string claimant, CancellationToken cancellationToken)
    {
        if (await claims.TryAddAsync(instanceId, claimant, clock.GetUtcNow(), cancellationToken))
        {
            return ClaimOutcome.Won;
        }

        var held = await claims.FindAsync(instanceId, cancellationToken);
        if (held is null || clock.GetUtcNow() - held.ClaimedAt < ClaimTimeout)
        {
            return ClaimOutcome.HeldByAnother;
        }

        // Old: its claimer scheduled long ago (a repeat event), or died between claim and schedule.
        if (await ExistsAsync(client, instanceId, cancellationToken))
        {
            return ClaimOutcome.InstanceExists;
        }

        if (!await claims.TryTakeOverAsync(instanceId, held, claimant, clock.GetUtcNow(), cancellationToken))
        {
            return ClaimOutcome.HeldByAnother;
        }

        LogTakenOver(logger, instanceId, held.Claimant, held.ClaimedAt);
        return ClaimOutcome.Won;
    }

    private static async Task<string> WaitForInstanceAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        // Real time: the claimer schedules in real time whatever clock a test gives this class.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < WaitForClaimer)
        {
            if (await ExistsAsync(client, instanceId, cancellationToken))
            {
                return instanceId;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        throw new ConcurrencyConflictException(
            $"Round '{instanceId}' is being started by another caller and has not appeared yet; try again.",
            new TimeoutException($"The round's instance did not appear within {WaitForClaimer.TotalSeconds:0} s."));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Round {InstanceId} scheduled by {Claimant}.")]
    private static partial void LogScheduled(ILogger logger, string instanceId, string claimant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Round {InstanceId} was claimed by {Claimant} at {ClaimedAt:u} but never scheduled; taking it over.")]
    private static partial void LogTakenOver(ILogger logger, string instanceId, string claimant, DateTimeOffset claimedAt);
}
