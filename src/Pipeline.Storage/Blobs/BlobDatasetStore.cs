using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Core.Registry;

namespace Pipeline.Storage.Blobs;

/// <summary>Evaluation datasets in the <c>datasets</c> container, and staging reports in <c>reports</c>.</summary>
public sealed class BlobDatasetStore(BlobServiceClient service) : IDatasetStore, IReportStore
{
    private readonly BlobContainerClient datasets = service.GetBlobContainerClient(StorageNames.DatasetsContainer);
    private readonly BlobContainerClient reports = service.GetBlobContainerClient(StorageNames.ReportsContainer);

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken) =>
        BlobStreams.OpenReadOrNullAsync(datasets.GetBlobClient(name), cancellationToken);

    /// <inheritdoc />
    public async Task SaveStagingReportAsync(string model, string version, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(reports, cancellationToken);
        await reports.GetBlobClient(ReportName(model, version)).UploadAsync(
            new BinaryData(json),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<byte[]?> FindStagingReportAsync(string model, string version, CancellationToken cancellationToken)
    {
        try
        {
            var content = await reports.GetBlobClient(ReportName(model, version)).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static string ReportName(string model, string version) => $"{model}/{version}/staging.json";
}
