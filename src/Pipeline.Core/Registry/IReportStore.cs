namespace Pipeline.Core.Registry;

/// <summary>
/// Where staging reports are kept (the <c>reports</c> container): one per round, <c>{model}/{version}/staging-{round}.json</c>,
/// so that a round closed while its tests ran can write its report without touching the current round's.
/// </summary>
public interface IReportStore
{
    /// <summary>Writes (or replaces) the staging report of round <paramref name="attempt"/> of a version.</summary>
    Task SaveStagingReportAsync(string model, string version, int attempt, ReadOnlyMemory<byte> json, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the report of the latest round up to <paramref name="attempt"/> that has one (a round still testing has none
    /// yet: the one before it is the latest evidence), or null when no such round has a report.
    /// </summary>
    Task<byte[]?> FindStagingReportAsync(string model, string version, int attempt, CancellationToken cancellationToken);
}
