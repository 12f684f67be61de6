using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>
/// Records the requests of the clients it makes, each as its method and what it touched. Blobs: <c>GET list</c> for a
/// listing, <c>PUT vault container</c> for a container's creation, else the container of the blob (<c>GET models</c>,
/// <c>PUT vault</c>). Tables: <c>GET row {RowKey}</c> for a point read, <c>POST $batch</c> for a transaction, else the
/// table (<c>GET ModelRegistry()</c> for a query).
/// </summary>
internal sealed partial class StorageRequestRecorder : HttpPipelineSynchronousPolicy
{
    private readonly List<string> requests = [];

    /// <summary>The requests so far, in the order they were sent.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>A blob client on <paramref name="azurite"/> whose requests are recorded here.</summary>
    public BlobServiceClient Blobs(AzuriteFixture azurite)
    {
        var options = new BlobClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerRetry);
        return new BlobServiceClient(azurite.ConnectionString, options);
    }

    /// <summary>A table client on <paramref name="azurite"/> whose requests are recorded here.</summary>
    public TableServiceClient Tables(AzuriteFixture azurite)
    {
        var options = new TableClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerRetry);
        return new TableServiceClient(azurite.ConnectionString, options);
    }

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        var uri = message.Request.Uri;
        // Azurite's paths start with the account: /devstoreaccount1/{container}/{blob}, /devstoreaccount1/{table}(...).
        var segments = Uri.UnescapeDataString(uri.Path).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var first = segments.Length > 1 ? segments[1] : string.Empty;
        var what = first == "$batch" ? first
            : RowKey().Match(first) is { Success: true } row ? "row " + row.Groups[1].Value
            : first.Contains('(', StringComparison.Ordinal) ? first
            : uri.Query.Contains("comp=list", StringComparison.Ordinal) ? "list"
            : uri.Query.Contains("restype=container", StringComparison.Ordinal) ? first + " container"
            : first;
        lock (requests)
        {
            requests.Add($"{message.Request.Method.Method} {what}");
        }
    }

    [GeneratedRegex(@"RowKey='([^']*)'")]
    private static partial Regex RowKey();
}
