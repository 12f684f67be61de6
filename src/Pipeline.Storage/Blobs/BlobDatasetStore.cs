using System.Globalization;
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

    private const string ReportPrefix = "staging-";
    private const string LegacyReportName = "staging.json";

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken) =>
        BlobStreams.OpenReadOrNullAsync(datasets.GetBlobClient(name), cancellationToken);

    /// <inheritdoc />
    public async Task SaveStagingReportAsync(string model, string version, int attempt, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(reports, cancellationToken);
        await reports.GetBlobClient(ReportName(model, version, attempt)).UploadAsync(
            new BinaryData(json),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<byte[]?> FindStagingReportAsync(string model, string version, int attempt, CancellationToken cancellationToken)
    {
        // The current round's report is the one asked for nearly always (an approver's): one read. Without it (its tests
        // still run, or were cut off), the version's reports are listed and the latest earlier round's is read.
        if (await ReadOrNullAsync(ReportName(model, version, attempt), cancellationToken) is { } current)
        {
            return current;
        }

        var folder = $"{model}/{version}/";
        string? latest = null;
        var latestRound = -1;
        try
        {
            await foreach (var blob in reports.GetBlobsAsync(BlobTraits.None, BlobStates.None, folder, cancellationToken))
            {
                if (RoundOf(blob.Name[folder.Length..]) is { } round && round < attempt && round > latestRound)
                {
                    (latest, latestRound) = (blob.Name, round);
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No report was ever written: the container is not there yet.
            return null;
        }

        return latest is null ? null : await ReadOrNullAsync(latest, cancellationToken);
    }

    private async Task<byte[]?> ReadOrNullAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var content = await reports.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static string ReportName(string model, string version, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{model}/{version}/{ReportPrefix}{attempt}.json");

    // "staging-3.json" is round 3's; "staging.json", written before reports were kept per round, counts as round 0 (older
    // than any round's own).
    private static int? RoundOf(string fileName) =>
        fileName == LegacyReportName ? 0
        : fileName.StartsWith(ReportPrefix, StringComparison.Ordinal) && fileName.EndsWith(".json", StringComparison.Ordinal)
            && int.TryParse(fileName.AsSpan(ReportPrefix.Length, fileName.Length - ReportPrefix.Length - ".json".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var round)
            ? round
            : null;
}
