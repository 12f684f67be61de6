using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>
/// Records the blob requests a client sends, each as its method and what it touched: <c>GET list</c> for a listing,
/// <c>PUT vault container</c> for a container's creation, else the container of the blob (<c>GET models</c>, <c>PUT vault</c>).
/// </summary>
internal sealed class BlobRequestRecorder : HttpPipelineSynchronousPolicy
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
    public BlobServiceClient Client(AzuriteFixture azurite)
    {
        var options = new BlobClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerRetry);
        return new BlobServiceClient(azurite.ConnectionString, options);
    }

    /// <inheritdoc />
    public override void OnSendingRequest(HttpMessage message)
    {
        var uri = message.Request.Uri;
        // Azurite's paths start with the account: /devstoreaccount1/{container}/{blob}.
        var segments = uri.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var container = segments.Length > 1 ? segments[1] : string.Empty;
        var what = uri.Query.Contains("comp=list", StringComparison.Ordinal) ? "list"
            : uri.Query.Contains("restype=container", StringComparison.Ordinal) ? container + " container"
            : container;
        lock (requests)
        {
            requests.Add($"{message.Request.Method.Method} {what}");
        }
    }
}
