using System.Diagnostics;
using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Pipeline.Storage.Transport;

namespace Pipeline.Local.Durable;

/// <summary>
/// The durable backend Durable Functions uses in Azure (<c>DurableTask.AzureStorage</c>), served to
/// <c>Microsoft.DurableTask</c> workers and clients through the in-process gRPC sidecar, on loopback.
/// </summary>
internal sealed class LocalDurableBackend(IOrchestrationService service, WebApplication sidecar, Uri address) : IAsyncDisposable
{
    // How long a stop waits for a start the sidecar has begun (it takes well under a second when idle).
    private static readonly TimeSpan StartGrace = TimeSpan.FromSeconds(5);

    private bool stopped;

    /// <summary>The sidecar's address.</summary>
    public Uri Address { get; } = address;

    /// <summary>A channel to the sidecar, for one worker and any number of clients.</summary>
    public GrpcChannel Channel { get; } = GrpcChannel.ForAddress(address);

    /// <summary>Creates the task hub if needed and starts the sidecar on a free loopback port.</summary>
    public static async Task<LocalDurableBackend> StartAsync(LocalDurableOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = ClientsFor(options),
            TaskHubName = options.TaskHubName,
            // Stable across restarts, so a restarted process takes its partition leases back at once.
            WorkerId = options.WorkerId,
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            // Short, so the messages a crashed process had taken reappear soon; the sidecar is handed the
            // backend behind a decorator that renews the locks of what runs (the sidecar itself never does).
            WorkItemQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            LoggerFactory = loggerFactory,
        };
        var storage = new AzureStorageOrchestrationService(settings);
        await storage.CreateIfNotExistsAsync();
        // Renewed at a third of the shorter timeout, so two renewals can fail before a lock lapses.
        var renewEvery = TimeSpan.FromTicks(Math.Min(options.WorkItemVisibilityTimeout.Ticks, options.ControlQueueVisibilityTimeout.Ticks) / 3);
        var service = new LockRenewingOrchestrationService(storage, renewEvery, loggerFactory.CreateLogger<LockRenewingOrchestrationService>());

        var builder = WebApplication.CreateSlimBuilder();
        // The sidecar listens only where Kestrel is told below, never on the API's ASPNETCORE_URLS.
        builder.WebHost.UseUrls();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(loggerFactory);
        // The runtime decides when the sidecar stops. Left to the console lifetime, Ctrl+C would stop it
        // at once, beside the worker rather than after it, and stop a backend that never started from
        // the sidecar's unawaited callback, whose NullReferenceException ends the process.
        builder.Services.AddSingleton<IHostLifetime, RuntimeOwnedLifetime>();
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(storage);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        builder.Services.AddGrpc();
        builder.Logging.ClearProviders();
        var sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        await sidecar.StartAsync(cancellationToken);

        var address = sidecar.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalDurableBackend(service, sidecar, new Uri(address));
    }

    // The backend's own Blob, Queue and Table clients, with the pipeline's timeouts, retries and policies (the fault injector, a counter).
    private static StorageAccountClientProvider ClientsFor(LocalDurableOptions options)
    {
        var storage = options.StorageConnectionString;
        var transport = options.Transport;
        return new StorageAccountClientProvider(
            StorageServiceClientProvider.ForBlob(storage, transport.Configure(new Azure.Storage.Blobs.BlobClientOptions(), StorageService.Blob)),
            StorageServiceClientProvider.ForQueue(storage, transport.Configure(new Azure.Storage.Queues.QueueClientOptions(), StorageService.Queue)),
            StorageServiceClientProvider.ForTable(storage, transport.Configure(new Azure.Data.Tables.TableClientOptions(), StorageService.Table)));
    }

    /// <summary>
    /// Stops the backend, then the sidecar. Call after the worker has stopped: the sidecar stops the
    /// backend from a callback nobody awaits, which would leave the partition leases held.
    /// </summary>
    public async Task StopAsync()
    {
        if (stopped)
        {
            return;
        }

        stopped = true;

        // The sidecar starts the backend only once a worker connects, from a callback nobody awaits, and
        // DurableTask.AzureStorage 2.11.2 throws NullReferenceException when stopped before that start
        // has finished. A start under way is given a moment to finish; a backend that never started
        // has nothing to stop, and stopping the sidecar then would make it stop the backend again from
        // that unawaited callback, whose exception ends the process. Disposing it without a stop
        // closes its port all the same.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await service.StopAsync(isForced: false);
                break;
            }
            catch (NullReferenceException) when (waited.Elapsed < StartGrace)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
            catch (NullReferenceException)
            {
                return;
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await sidecar.StopAsync(timeout.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Channel.Dispose();
        await sidecar.DisposeAsync();
    }
}
