using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Pipeline.Local.Hosting;

/// <summary>
/// One node at a time, among the runtimes sharing a storage account: work that must not run on two
/// nodes (the upload watcher, the cleanup scheduler, the event dispatcher: in Azure the Functions host
/// runs each timer once, holding a blob lease) runs only on the node holding a blob lease for its role.
/// The lease lasts <see cref="LeaseDuration"/> and is renewed every <see cref="RenewInterval"/>; the others
/// try to take it every <see cref="AcquireInterval"/>, so a leader that dies is replaced within about
/// <see cref="LeaseDuration"/> plus <see cref="AcquireInterval"/>. A leader whose renewal fails stops
/// leading at once (its work is cancelled) rather than risk running beside the next one; one that stops
/// releases the lease, so another takes over within <see cref="AcquireInterval"/>. The nodes of one task
/// hub form a group (<c>{group}/{role}</c> names the blob); the timing is real time, as the lease's is.
/// </summary>
public sealed partial class LeaderLease(BlobServiceClient blobs, string group, string node, ILogger<LeaderLease> logger)
{
    /// <summary>The container holding one blob per group and role; its metadata names the leader.</summary>
    public const string Container = "local-leaders";

    /// <summary>The metadata key naming the node that leads.</summary>
    public const string LeaderKey = "leader";

    /// <summary>How long a lease lasts without renewal (blob leases take 15 to 60 s).</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    /// <summary>How often the leader renews; a renewal may fail twice before the lease runs out.</summary>
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(5);

    /// <summary>How often a node that does not lead tries to.</summary>
    public static readonly TimeSpan AcquireInterval = TimeSpan.FromSeconds(2);

    // The node's lease id, the same across its restarts: a restarted node (or one whose renewal failed) takes
    // its own lease back at once, as the durable backend's worker id takes back its partitions.
    private readonly string leaseId = new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{group}\n{node}")).AsSpan(0, 16)).ToString();

    /// <summary>This node's name, as the leases name it.</summary>
    public string Node { get; } = node;

    /// <summary>
    /// Runs <paramref name="work"/> whenever this node leads <paramref name="role"/>, until
    /// <paramref name="stoppingToken"/> is cancelled. The token <paramref name="work"/> gets is cancelled the
    /// moment leadership is lost; it is started again when this node leads again.
    /// </summary>
    public async Task LeadAsync(string role, Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        var container = blobs.GetBlobContainerClient(Container);
        var blob = container.GetBlobClient($"{group}/{role}");
        var lease = blob.GetBlobLeaseClient(leaseId);
        string? lastLeader = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await TryAcquireAsync(container, blob, lease, stoppingToken))
            {
                var leader = await LeaderOfAsync(blob, stoppingToken);
                if (leader != lastLeader)
                {
                    LogStandingBy(logger, Node, role, leader ?? "(unknown)");
                    lastLeader = leader;
                }

                await Task.Delay(AcquireInterval, stoppingToken);
                continue;
            }

            lastLeader = Node;
            LogLeading(logger, Node, role);
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var running = Task.Run(() => work(leading.Token), CancellationToken.None);
            var lost = await HoldAsync(lease, running, stoppingToken);
            await leading.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException) when (leading.IsCancellationRequested)
            {
            }

            if (!lost)
            {
                await ReleaseAsync(lease, role);
                return;
            }

            LogLost(logger, Node, role);
        }
    }

    private async Task<bool> TryAcquireAsync(BlobContainerClient container, BlobClient blob, BlobLeaseClient lease, CancellationToken cancellationToken, bool created = false)
    {
        try
        {
            await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404 && !created)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            try
            {
                await blob.UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken);
            }
            catch (RequestFailedException exists) when (exists.Status is 409 or 412)
            {
                // Another node created it first.
            }

            return await TryAcquireAsync(container, blob, lease, cancellationToken, created: true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Leased by another node.
            return false;
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException)
        {
            LogStorageFailed(logger, Node, blob.Name, e);
            return false;
        }

        try
        {
            // Who leads, for the nodes standing by and for operators; the lease, not this, decides.
            await blob.SetMetadataAsync(
                new Dictionary<string, string> { [LeaderKey] = Node }, new BlobRequestConditions { LeaseId = leaseId }, cancellationToken);
        }
        catch (RequestFailedException e)
        {
            LogStorageFailed(logger, Node, blob.Name, e);
        }

        return true;
    }

    // Renews until the work ends (false), the node stops (false) or a renewal fails (true: lost).
    private async Task<bool> HoldAsync(BlobLeaseClient lease, Task running, CancellationToken stoppingToken)
    {
        while (true)
        {
            var renewDue = Task.Delay(RenewInterval, stoppingToken);
            if (await Task.WhenAny(renewDue, running) == running || stoppingToken.IsCancellationRequested)
            {
                return false;
            }

            try
            {
                // A renewal that hangs past the next one is as good as lost.
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(RenewInterval);
                await lease.RenewAsync(cancellationToken: timeout.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or OperationCanceledException or AggregateException)
            {
                LogStorageFailed(logger, Node, lease.Uri.AbsolutePath, e);
                return true;
            }
        }
    }

    private async Task ReleaseAsync(BlobLeaseClient lease, string role)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await lease.ReleaseAsync(cancellationToken: timeout.Token);
            LogReleased(logger, Node, role);
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or OperationCanceledException or AggregateException)
        {
            // It runs out by itself within LeaseDuration.
            LogStorageFailed(logger, Node, lease.Uri.AbsolutePath, e);
        }
    }

    private static async Task<string?> LeaderOfAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.LeaseState == LeaseState.Leased && properties.Value.Metadata.TryGetValue(LeaderKey, out var leader) ? leader : null;
        }
        catch (RequestFailedException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} leads {Role}.")]
    private static partial void LogLeading(ILogger logger, string node, string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} stands by for {Role}, led by {Leader}.")]
    private static partial void LogStandingBy(ILogger logger, string node, string role, string leader);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} lost the lease on {Role} and stopped leading it.")]
    private static partial void LogLost(ILogger logger, string node, string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} released {Role}.")]
    private static partial void LogReleased(ILogger logger, string node, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node}: the leader lease {Blob} could not be read or written.")]
    private static partial void LogStorageFailed(ILogger logger, string node, string blob, Exception exception);
}
