namespace Pipeline.Core.Registry;

/// <summary>Where staging reports are kept (the <c>reports</c> container, <c>{model}/{version}/staging.json</c>).</summary>
public interface IReportStore
{
    /// <summary>Writes (or replaces) a version's staging report.</summary>
    Task SaveStagingReportAsync(string model, string version, ReadOnlyMemory<byte> json, CancellationToken cancellationToken);

    /// <summary>Reads a version's staging report, or null when it has none.</summary>
    Task<byte[]?> FindStagingReportAsync(string model, string version, CancellationToken cancellationToken);
}
