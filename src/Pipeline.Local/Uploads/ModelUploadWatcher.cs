using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;
using Pipeline.Storage;
using Pipeline.Storage.Tables;
using Pipeline.Workflow.Uploads;

namespace Pipeline.Local.Uploads;

/// <summary>
/// The local stand-in for the Event Grid blob trigger: polls the models container and hands each
/// new blob to the same <see cref="UploadRegistrar"/> the Functions app uses. A receipt per blob
/// name and ETag, written after the blob is handled, keeps a restart from handling it twice; a blob
/// that fails is tried again on the next poll; one a notice (POST /api/uploads) registered already costs one
/// registry read. Among nodes sharing a storage account only the one
/// leading <see cref="Role"/> watches (<see cref="Hosting.LeaderLease"/>).
/// </summary>
public sealed partial class ModelUploadWatcher(
    BlobServiceClient blobs,
    UploadReceipts receipts,
    UploadRegistrar registrar,
    Pipeline.Core.Lifecycle.VersionRegistration registrations,
    DurableTaskClient client,
    Hosting.LocalRuntimeOptions options,
    Hosting.LeaderLease leader,
    TimeProvider clock,
    ILogger<ModelUploadWatcher> logger) : BackgroundService
{
    // What this process has handled or found receipts for, and until when: a scan reads the registry and the receipts
    // only for blobs it has not seen, so a steady container costs one listing per scan. A blob registered moments ago
    // whose round has not begun is left to its registration until ClaimTimeout after it (then taken up, as a claim is).
    private readonly Dictionary<(string Name, string ETag), DateTimeOffset> known = [];
    private readonly Lock gate = new();

    /// <summary>How many new blobs of one scan are handled at once.</summary>
    public const int MaxConcurrentUploads = 8;

    /// <summary>The leader lease's role name.</summary>
    public const string Role = "upload-watcher";

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leader.LeadAsync(Role, WatchAsync, stoppingToken);

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        var container = blobs.GetBlobContainerClient(StorageNames.ModelsContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        LogWatching(logger, container.Uri, options.WatchInterval);

        using var timer = new PeriodicTimer(options.WatchInterval, clock);
        do
        {
            try
            {
                await ScanAsync(container, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, "(the listing)", e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ScanAsync(BlobContainerClient container, CancellationToken cancellationToken)
    {
        // Uploads that arrive together are handled together: each waits on storage and the engine, not on the CPU.
        var scan = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentUploads, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(container.GetBlobsAsync(cancellationToken: cancellationToken), scan, async (blob, token) =>
        {
            var etag = Pipeline.Storage.Blobs.UploadETags.Of(blob.Properties.ETag);
            if (IsKnown(blob.Name, etag))
            {
                return;
            }

            try
            {
                // A blob that is its version's artifact, past Registered (a notice, POST /api/uploads, registered it,
                // or this watcher before a restart), needs nothing: the registry is its receipt. One still Registered
                // is being started by whoever registered it (a notice answers after the start): not handled a second
                // time meanwhile.
                if (await SettledUntilAsync(blob.Name, etag, token) is { } until)
                {
                    Remember(blob.Name, etag, until);
                    return;
                }

                if (await receipts.HasAsync(blob.Name, etag, token))
                {
                    Remember(blob.Name, etag);
                    return;
                }

                // The registrar logs what became of the upload.
                await registrar.HandleAsync(client, blob.Name, token);
                await receipts.AddAsync(blob.Name, etag, clock.GetUtcNow(), token);
                Remember(blob.Name, etag);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, blob.Name, e);
            }
        });
    }

    private async Task<DateTimeOffset?> SettledUntilAsync(string name, string etag, CancellationToken cancellationToken) =>
        Pipeline.Core.Naming.ArtifactPath.TryParse(name) is { } path
            ? await registrations.SettledUntilAsync(path, etag, Pipeline.Workflow.Orchestrators.ModelVersionRounds.ClaimTimeout, cancellationToken)
            : null;

    private bool IsKnown(string name, string etag)
    {
        lock (gate)
        {
            return known.TryGetValue((name, etag), out var until) && until > clock.GetUtcNow();
        }
    }

    private void Remember(string name, string etag, DateTimeOffset? until = null)
    {
        lock (gate)
        {
            known[(name, etag)] = until ?? DateTimeOffset.MaxValue;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Container} for uploads every {Interval}.")]
    private static partial void LogWatching(ILogger logger, Uri container, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scanning for uploads failed at {BlobName}; it is tried again on the next scan.")]
    private static partial void LogFailed(ILogger logger, string blobName, Exception exception);
}
