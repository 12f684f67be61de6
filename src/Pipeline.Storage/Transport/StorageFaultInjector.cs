using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace Pipeline.Storage.Transport;

/// <summary>
/// Fails a seeded share of the storage requests of every client it is added to (<see cref="StorageFaultSettings"/>), for tests:
/// a 503 or 500 answered in storage's place, a timeout before storage saw the request, or (when named) an answer lost after
/// storage carried the request out. One draw per attempt, so the
/// SDK's retries meet faults too. Thread-safe; counts what it injected and logs the counts.
/// </summary>
public sealed partial class StorageFaultInjector
{
    // How often the running counts are logged, in injected faults.
    private const int LogEvery = 50;

    private readonly StorageFaultSettings settings;
    private readonly ILogger logger;
    private readonly Random random;
    private readonly Lock gate = new();
    private readonly long[] byKind = new long[Enum.GetValues<StorageFaultKind>().Length];
    private long requests;
    private long injected;

    /// <summary>Creates an injector for <paramref name="settings"/>, logging to <paramref name="logger"/>.</summary>
    public StorageFaultInjector(StorageFaultSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.settings = settings;
        this.logger = logger;
        random = new Random(settings.Seed);
    }

    /// <summary>The settings it injects by.</summary>
    public StorageFaultSettings Settings => settings;

    /// <summary>The requests it has seen (attempts, retries included).</summary>
    public long Requests => Interlocked.Read(ref requests);

    /// <summary>The faults injected so far, for each kind drawn from (<c>503</c>, <c>500</c>, <c>timeout</c>, <c>lost</c>).</summary>
    public IReadOnlyDictionary<string, long> Injected =>
        settings.Kinds.ToDictionary(StorageFaultSettings.NameOf, kind => Interlocked.Read(ref byKind[(int)kind]), StringComparer.Ordinal);

    /// <summary>The policy to add to the options of a client of <paramref name="service"/>.</summary>
    public HttpPipelinePolicy PolicyFor(StorageService service) => new Policy(this, service);

    private StorageFaultKind? Draw()
    {
        Interlocked.Increment(ref requests);
        StorageFaultKind kind;
        lock (gate)
        {
            if (random.NextDouble() >= settings.Rate)
            {
                return null;
            }

            kind = settings.Kinds[random.Next(settings.Kinds.Count)];
        }

        Interlocked.Increment(ref byKind[(int)kind]);
        var total = Interlocked.Increment(ref injected);
        if (total == 1 || total % LogEvery == 0)
        {
            LogCounts(logger, total, Requests, string.Join(", ", Injected.Select(k => $"{k.Key}: {k.Value}")), settings.Rate, settings.Seed);
        }

        return kind;
    }

    // The fault for this attempt, if any: a 5xx answered in storage's place, or null to send the request (and, for a
    // timeout, lose its answer afterwards).
    private StorageFaultKind? FaultFor(HttpMessage message, StorageService service)
    {
        var fault = Draw();
        if (fault is { } kind)
        {
            LogInjected(logger, StorageFaultSettings.NameOf(kind), service, message.Request.Method.Method, message.Request.Uri.Path);
            if (kind == StorageFaultKind.ServiceUnavailable)
            {
                message.Response = new InjectedFaultResponse(503, "ServerBusy", message.Request.ClientRequestId);
            }
            else if (kind == StorageFaultKind.InternalError)
            {
                message.Response = new InjectedFaultResponse(500, "InternalError", message.Request.ClientRequestId);
            }
        }

        return fault;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Injected storage fault {Kind} on {Service} {Method} {Path}.")]
    private static partial void LogInjected(ILogger logger, string kind, StorageService service, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage faults injected: {Injected} of {Requests} requests ({ByKind}; rate {Rate}, seed {Seed}). A test setting: never deploy it.")]
    private static partial void LogCounts(ILogger logger, long injected, long requests, string byKind, double rate, int seed);

    private sealed class Policy(StorageFaultInjector injector, StorageService service) : HttpPipelinePolicy
    {
        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var fault = injector.FaultFor(message, service);
            if (fault is StorageFaultKind.ServiceUnavailable or StorageFaultKind.InternalError)
            {
                return;
            }

            ThrowIfTimedOut(fault, message);
            await ProcessNextAsync(message, pipeline);
            ThrowIfLost(fault, message);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var fault = injector.FaultFor(message, service);
            if (fault is StorageFaultKind.ServiceUnavailable or StorageFaultKind.InternalError)
            {
                return;
            }

            ThrowIfTimedOut(fault, message);
            ProcessNext(message, pipeline);
            ThrowIfLost(fault, message);
        }

        private void ThrowIfTimedOut(StorageFaultKind? fault, HttpMessage message)
        {
            if (fault == StorageFaultKind.Timeout)
            {
                throw new TaskCanceledException($"Injected storage fault: {message.Request.Method} on {service} had no answer (as by a network timeout).");
            }
        }

        // Storage did what was asked; only the answer is lost, as when a connection drops after the request went out.
        private void ThrowIfLost(StorageFaultKind? fault, HttpMessage message)
        {
            if (fault == StorageFaultKind.LostAnswer)
            {
                throw new TaskCanceledException($"Injected storage fault: the answer to {message.Request.Method} on {service} was lost (as by a network timeout).");
            }
        }
    }
}
