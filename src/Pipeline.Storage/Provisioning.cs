using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Pipeline.Storage;

/// <summary>
/// Creates the tables and containers the pipeline writes to, on first use and once per process for
/// each (keyed by address, so every store sharing a table shares its creation). A failed creation is
/// tried again by the next caller.
/// </summary>
internal static class Provisioning
{
    private static readonly ConcurrentDictionary<Uri, Lazy<Task>> Created = new();

    /// <summary>Ensures the table exists.</summary>
    public static Task EnsureAsync(TableClient table, CancellationToken cancellationToken) =>
        EnsureAsync(table.Uri, () => table.CreateIfNotExistsAsync(cancellationToken));

    /// <summary>Ensures the container exists.</summary>
    public static Task EnsureAsync(BlobContainerClient container, CancellationToken cancellationToken) =>
        EnsureAsync(container.Uri, () => container.CreateIfNotExistsAsync(cancellationToken: cancellationToken));

    private static async Task EnsureAsync(Uri address, Func<Task> create)
    {
        var creation = Created.GetOrAdd(address, _ => new Lazy<Task>(create));
        try
        {
            await creation.Value;
        }
        catch
        {
            Created.TryRemove(new KeyValuePair<Uri, Lazy<Task>>(address, creation));
            throw;
        }
    }
}
