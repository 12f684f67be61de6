using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Pipeline.Storage.Transport;

/// <summary>
/// How every storage client of the app talks to storage, the pipeline's and (locally) the durable backend's alike:
/// bounded timeouts and retries, so that storage gone answers as a failure within seconds rather than a hang, and
/// the policies added to every request (the test-only fault injector, a benchmark's counter).
/// </summary>
public sealed class StorageTransport
{
    /// <summary>Retries after the first attempt (the SDK's default). With <see cref="TableNetworkTimeout"/> and the delays, a table call that never answers fails in about 21 s.</summary>
    public const int MaxRetries = 3;

    /// <summary>How long one table attempt waits for an answer (the SDK's default is 100 s).</summary>
    public static readonly TimeSpan TableNetworkTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one queue attempt waits for an answer: only the local durable backend sends to queues, and a message
    /// send retried after a timeout may have been carried out, which puts the message in twice. With 5 s, a 100-upload
    /// run on a loaded machine enqueued two start messages for 15 orchestrations ("Multiple ExecutionStartedEvent
    /// found"); the backend relies on the SDK's retries, so the wait is made long rather than the retry taken away.
    /// </summary>
    public static readonly TimeSpan QueueNetworkTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long one blob attempt waits for an answer, or for each read of a download: blocks of megabytes take longer than rows.</summary>
    public static readonly TimeSpan BlobNetworkTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The first retry's delay; it doubles for the next.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between two attempts.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyList<Func<StorageService, HttpPipelinePolicy>> policies;

    /// <summary>A transport adding <paramref name="policies"/> (one per client, made for its service) to every request attempt.</summary>
    public StorageTransport(StorageFaultInjector? faults, IEnumerable<Func<StorageService, HttpPipelinePolicy>>? policies = null)
    {
        Faults = faults;
        var all = new List<Func<StorageService, HttpPipelinePolicy>>(policies ?? []);
        if (faults is not null)
        {
            // Last, so that the other policies see an injected fault as the SDK does.
            all.Add(faults.PolicyFor);
        }

        this.policies = all;
    }

    /// <summary>The fault injector, when the test settings turned it on.</summary>
    public StorageFaultInjector? Faults { get; }

    /// <summary>
    /// The transport the settings ask for: with <c>Pipeline__StorageFaults__Rate</c> above 0 it injects faults (a test setting).
    /// </summary>
    /// <exception cref="InvalidOperationException">A fault setting has the wrong form.</exception>
    public static StorageTransport From(IConfiguration configuration, ILoggerFactory loggerFactory, IEnumerable<Func<StorageService, HttpPipelinePolicy>>? policies = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var settings = StorageFaultSettings.Read(configuration);
        var faults = settings.Enabled ? new StorageFaultInjector(settings, loggerFactory.CreateLogger<StorageFaultInjector>()) : null;
        return new StorageTransport(faults, policies);
    }

    /// <summary>Sets the timeouts and retries on <paramref name="options"/> and adds the policies, for a client of <paramref name="service"/>.</summary>
    public T Configure<T>(T options, StorageService service) where T : ClientOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = RetryDelay;
        options.Retry.MaxDelay = MaxRetryDelay;
        options.Retry.NetworkTimeout = service switch
        {
            StorageService.Blob => BlobNetworkTimeout,
            StorageService.Queue => QueueNetworkTimeout,
            _ => TableNetworkTimeout,
        };
        foreach (var policy in policies)
        {
            options.AddPolicy(policy(service), HttpPipelinePosition.PerRetry);
        }

        return options;
    }
}
