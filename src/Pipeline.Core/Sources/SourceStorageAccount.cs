namespace Pipeline.Core.Sources;

/// <summary>
/// The storage account sources are read from: the app's own, by its blob endpoint and name, with the containers in it
/// that the pipeline keeps for itself. A source is read with the app's identity, which may read every container of the
/// account; the internal ones are refused so that nobody can register the vault's tested copies, the host's secrets or
/// its deployment package as a new version, around the gate that put them there.
/// </summary>
/// <param name="BlobServiceUri">
/// The account's blob endpoint as the app reaches it: <c>https://{account}.blob.core.windows.net/</c> in Azure, or
/// path-style <c>http://127.0.0.1:10000/{account}</c> on the emulator.
/// </param>
/// <param name="AccountName">The account's name.</param>
/// <param name="InternalContainers">The containers the pipeline owns (uploads, vault, reports, datasets, deployment package).</param>
public sealed record SourceStorageAccount(Uri BlobServiceUri, string AccountName, IReadOnlySet<string> InternalContainers)
{
    // The Functions host keeps its keys and leases in azure-webjobs-*, the durable backend a task hub's state in
    // {hub}-leases, {hub}-applease and {hub}-largemessages, and '$' names the service's own ($logs, $web, ...).
    private static readonly string[] HostPrefixes = ["azure-webjobs-", "$"];
    private static readonly string[] TaskHubSuffixes = ["-leases", "-applease", "-largemessages"];

    /// <summary>Whether the endpoint is path-style (the account is the path's first segment), as on the emulator.</summary>
    public bool IsPathStyle => BlobServiceUri.AbsolutePath.Trim('/').Length > 0;

    /// <summary>Why <paramref name="container"/> may not be a source, or null when it may.</summary>
    public string? ExplainInternal(string container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (InternalContainers.Contains(container))
        {
            return $"Container '{container}' is one the pipeline keeps for itself (its uploads, tested copies, reports or datasets); a version is registered from a container of your own, such as MLflow's artifact container.";
        }

        return HostPrefixes.Any(p => container.StartsWith(p, StringComparison.Ordinal)) || TaskHubSuffixes.Any(s => container.EndsWith(s, StringComparison.Ordinal))
            ? $"Container '{container}' holds the state of the app's host or of its durable task hub, not models; a version is registered from a container of your own, such as MLflow's artifact container."
            : null;
    }
}
