using Pipeline.Core.Policies;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Staging;

/// <summary>
/// Staging checks that run after the integrity check has read the artifact: a suite, because its
/// checks share work (the model is loaded once for the load, signature, evaluation and latency
/// checks). Suites run in the order they are registered; each returns one result per check and never
/// throws for a bad model, dataset or policy (those are failed or skipped results). Transient
/// failures (storage) do throw, so the activity is retried.
/// </summary>
public interface IStagingCheckSuite
{
    /// <summary>Runs the suite's checks.</summary>
    Task<IReadOnlyList<CheckResult>> RunAsync(StagingSubject subject, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the suite reads the artifact of <paramref name="production"/> to test <paramref name="candidate"/>: when
    /// one does, its tested copy is read while the candidate is copied and handed on as <see cref="StagingSubject.ProductionContent"/>.
    /// </summary>
    bool ReadsProductionArtifact(ModelVersion candidate, ModelVersion production) => false;
}

/// <summary>What the checks are run on.</summary>
/// <param name="Version">The version under test.</param>
/// <param name="Fingerprint">The artifact as the integrity check measured it.</param>
/// <param name="Policy">The model owner's policy (<see cref="ModelPolicy.Default"/> when none is set).</param>
/// <param name="Production">The model's current production version, if any, for the serving contract and champion/challenger.</param>
/// <param name="Content">
/// The artifact's bytes as the integrity check read and hashed them, when it kept them (at most
/// <see cref="VaultCopy.KeptBytes"/>); null means the checks read the vault copy at <see cref="ArtifactFingerprint.VaultPath"/>.
/// </param>
/// <param name="ProductionContent">
/// The bytes of production's tested copy, read while the candidate was copied, when a suite reads them
/// (<see cref="IStagingCheckSuite.ReadsProductionArtifact"/>) and they are at most <see cref="VaultCopy.KeptBytes"/>; null
/// means a suite reads production's copy itself.
/// </param>
public sealed record StagingSubject(
    ModelVersion Version, ArtifactFingerprint Fingerprint, ModelPolicy Policy, ModelVersion? Production, ReadOnlyMemory<byte>? Content = null, ReadOnlyMemory<byte>? ProductionContent = null);
