namespace Pipeline.Core.Staging;

/// <summary>What the staging tests found.</summary>
/// <param name="Checks">Every check's result, in the order they ran.</param>
/// <param name="Fingerprint">The artifact's fingerprint, when the integrity check could read it.</param>
public sealed record StagingReport(IReadOnlyList<CheckResult> Checks, ArtifactFingerprint? Fingerprint)
{
    /// <summary>The model's policy the checks ran under (null when none is known, as for a report read back from storage).</summary>
    public Policies.ModelPolicy? Policy { get; init; }

    /// <summary>True when no check failed.</summary>
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Outcome != CheckOutcome.Failed);

    /// <summary>The failed checks' reasons, one line each, or null when all passed.</summary>
    public string? FailureSummary => Passed
        ? null
        : string.Join("; ", Checks.Where(c => c.Outcome == CheckOutcome.Failed).Select(c => $"{c.Name}: {c.Reason.TrimEnd('.')}"));
}
