using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Pipeline.Core.Errors;
using Pipeline.Storage;
using Pipeline.Storage.Tables;
using Pipeline.Workflow.Cleanup;

namespace Pipeline.Api.Http;

/// <summary>
/// GET /api/health, for probes and operators: anonymous. Checks each part at once, each within
/// <see cref="CheckTimeout"/>: Table and Blob storage, the durable backend (a point query through the
/// <see cref="DurableTaskClient"/>: it answers only when the engine behind it does) and the last cleanup run.
/// 200 <c>{"status": "ok", "checks": {…}}</c> when every part answers (<c>degraded</c> when only the last cleanup
/// failed: serving is not affected and the next run tries again); a 503 problem naming the failing parts otherwise,
/// with <c>Retry-After</c>.
/// It says what failed, never anything about models, since anyone may call it.
/// </summary>
public sealed class HealthApi(StorageProbe storage, ScheduleState schedules)
{
    /// <summary>How long each check may take before its part is called failed.</summary>
    public static readonly TimeSpan CheckTimeout = StorageProbe.Timeout;

    // An instance id no workflow uses: reading it costs one point read in the backend's instance table.
    private const string ProbeInstanceId = "~health-probe";

    /// <summary>Checks every part, in parallel; never waits much longer than <see cref="CheckTimeout"/>.</summary>
    public async Task<IResult> CheckAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var tables = CheckAsync(storage.CheckAsync, cancellationToken);
        var blobs = CheckAsync(storage.CheckBlobsAsync, cancellationToken);
        var engine = CheckAsync(token => ProbeDurableAsync(durable, token), cancellationToken);
        var cleanup = CheckCleanupAsync(cancellationToken);
        var checks = new Dictionary<string, HealthCheck>(StringComparer.Ordinal)
        {
            ["tables"] = await tables,
            ["blobs"] = await blobs,
            ["durable"] = await engine,
            ["cleanup"] = await cleanup,
        };

        var failing = checks.Where(c => c.Value.Status == Failed).Select(c => c.Key).ToList();
        if (failing.Count > 0)
        {
            // A probe, or a client waiting for the pipeline to come back, is told when to ask again (as every 503 does).
            return new WithHeaders(
                ApiProblems.Problem(
                    StatusCodes.Status503ServiceUnavailable,
                    "Unhealthy",
                    $"Not every part of the pipeline answers: {string.Join(", ", failing)}.",
                    ("failing", failing),
                    ("checks", checks)),
                (Microsoft.Net.Http.Headers.HeaderNames.RetryAfter, ApiProblems.RetryAfterSeconds));
        }

        var status = checks.Values.Any(c => c.Status == Degraded) ? Degraded : Ok;
        return Results.Json(new HealthResponse(status, checks), ApiJson.Options);
    }

    private const string Ok = "ok";
    private const string Degraded = "degraded";
    private const string Failed = "failed";

    private static async Task<HealthCheck> CheckAsync(Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await check(cancellationToken);
            return new HealthCheck(Ok, clock.Elapsed.TotalMilliseconds, null);
        }
        catch (StorageUnavailableException e)
        {
            return new HealthCheck(Failed, clock.Elapsed.TotalMilliseconds, e.Message);
        }
    }

    private static async Task ProbeDurableAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await durable.GetInstanceAsync(ProbeInstanceId, getInputsAndOutputs: false, timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            // The client's failures are gRPC or storage exceptions of several kinds; any of them means the backend did not answer.
            throw new StorageUnavailableException(
                e is OperationCanceledException
                    ? $"The durable backend did not answer within {CheckTimeout.TotalSeconds:0} s."
                    : $"The durable backend did not answer: {e.GetType().Name}.",
                e);
        }
    }

    private async Task<HealthCheck> CheckCleanupAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            var last = await schedules.GetLastOutcomeAsync(CleanupRunner.Job, timeout.Token);
            return last is null
                ? new HealthCheck(Ok, clock.Elapsed.TotalMilliseconds, "No cleanup run has been recorded yet.", null, "none")
                : new HealthCheck(
                    last.Succeeded ? Ok : Degraded, clock.Elapsed.TotalMilliseconds, last.Summary, last.FinishedAt, last.Succeeded ? "succeeded" : "failed");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
            && e is Azure.RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException)
        {
            return new HealthCheck(Failed, clock.Elapsed.TotalMilliseconds, $"The cleanup's last run could not be read within {CheckTimeout.TotalSeconds:0} s.");
        }
    }
}
