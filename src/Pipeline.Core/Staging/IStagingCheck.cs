using Pipeline.Core.Registry;

namespace Pipeline.Core.Staging;

/// <summary>
/// A staging check that runs after the integrity check has read the artifact. Checks are listed in
/// DI and run in order; each returns one <see cref="CheckResult"/> and never throws for a bad model
/// (a bad model is a failed result, not an error).
/// </summary>
public interface IStagingCheck
{
    /// <summary>The check's name in reports.</summary>
    string Name { get; }

    /// <summary>Runs the check.</summary>
    Task<CheckResult> RunAsync(StagingSubject subject, CancellationToken cancellationToken);
}

/// <summary>What a check is run on.</summary>
/// <param name="Version">The version under test.</param>
/// <param name="Fingerprint">The artifact as the integrity check measured it.</param>
public sealed record StagingSubject(ModelVersion Version, ArtifactFingerprint Fingerprint);
