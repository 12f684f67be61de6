using System.Diagnostics;
using System.Globalization;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Staging;

/// <summary>
/// Runs the staging tests on a version: the integrity check first (it reads the artifact once and
/// fingerprints it), then every registered <see cref="IStagingCheckSuite"/> with the model's policy
/// and its current production version.
/// </summary>
public sealed class StagingTests(
    IArtifactStore artifacts,
    IRegistryStore registry,
    IPolicyStore policies,
    IEnumerable<IStagingCheckSuite> suites,
    StagingOptions options)
{
    /// <summary>The integrity check's name in reports.</summary>
    public const string IntegrityCheckName = "integrity";

    /// <summary>Runs every check and returns the report; a bad artifact is a failed check, never an exception.</summary>
    public async Task<StagingReport> RunAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        var policy = await policies.FindAsync(version.Model, cancellationToken) ?? ModelPolicy.Default;
        var (integrity, fingerprint) = await CheckIntegrityAsync(version, policy.MaxArtifactBytes ?? options.MaxArtifactBytes, cancellationToken);
        var results = new List<CheckResult> { integrity };
        if (fingerprint is null)
        {
            return new StagingReport(results, null);
        }

        var production = await FindProductionAsync(version, cancellationToken);
        var subject = new StagingSubject(version, fingerprint, policy, production);
        foreach (var suite in suites)
        {
            results.AddRange(await suite.RunAsync(subject, cancellationToken));
        }

        return new StagingReport(results, fingerprint);
    }

    private async Task<ModelVersion?> FindProductionAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        var model = await registry.FindModelAsync(version.Model, cancellationToken);
        return model?.Production is { } pointer && pointer.Version != version.Version
            ? await registry.FindVersionAsync(version.Model, pointer.Version, cancellationToken)
            : null;
    }

    private async Task<(CheckResult Result, ArtifactFingerprint? Fingerprint)> CheckIntegrityAsync(
        ModelVersion version, long maxBytes, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        ArtifactFingerprint? fingerprint;
        if (version.VaultPath is { } vaultPath && version.Sha256 is { } tested)
        {
            // A later round tests the copy the first one secured: what the upload became since does not matter.
            await using var copy = await artifacts.OpenReadAsync(vaultPath, cancellationToken);
            if (copy is null)
            {
                return (Fail($"The tested copy of the artifact ('{vaultPath}') no longer exists."), null);
            }

            var (size, sha256) = await ArtifactHasher.MeasureAsync(copy, cancellationToken);
            if (sha256 != tested)
            {
                return (Fail($"The tested copy of the artifact changed (SHA-256 {sha256}, recorded {tested})."), null);
            }

            fingerprint = new ArtifactFingerprint(size, sha256, vaultPath);
        }
        else
        {
            var properties = await artifacts.GetPropertiesAsync(version.ArtifactPath, cancellationToken);
            if (properties is null)
            {
                return (Fail($"The artifact '{version.ArtifactPath}' no longer exists."), null);
            }

            if (properties.ETag != version.BlobETag)
            {
                return (Fail("The artifact was overwritten after it was registered; upload a new version instead."), null);
            }

            if (properties.SizeBytes == 0)
            {
                return (Fail("The artifact is empty."), null);
            }

            if (properties.SizeBytes > maxBytes)
            {
                return (Fail($"The artifact is {properties.SizeBytes} bytes; the limit is {maxBytes}."), null);
            }

            // The one copy: hashed as it is written, so the digest recorded is of the bytes tested and served.
            fingerprint = await artifacts.CopyToVaultAsync(version.Model, version.ArtifactPath, version.BlobETag, cancellationToken);
            if (fingerprint is null)
            {
                return (Fail("The artifact was overwritten or deleted before it could be secured; upload a new version instead."), null);
            }

            if (fingerprint.SizeBytes != properties.SizeBytes)
            {
                return (Fail($"Read {fingerprint.SizeBytes} bytes of an artifact registered at {properties.SizeBytes}."), null);
            }
        }

        if (fingerprint.SizeBytes > maxBytes)
        {
            return (Fail($"The artifact is {fingerprint.SizeBytes} bytes; the limit is {maxBytes}."), null);
        }

        var details = new Dictionary<string, string>
        {
            ["sha256"] = fingerprint.Sha256,
            ["sizeBytes"] = fingerprint.SizeBytes.ToString(CultureInfo.InvariantCulture),
            ["vaultPath"] = fingerprint.VaultPath,
        };
        var passed = new CheckResult(
            IntegrityCheckName,
            CheckOutcome.Passed,
            "The artifact exists, is not empty, is within the size limit and its hash is recorded.",
            clock.Elapsed.TotalMilliseconds,
            details);
        return (passed, fingerprint);

        CheckResult Fail(string reason) =>
            new(IntegrityCheckName, CheckOutcome.Failed, reason, clock.Elapsed.TotalMilliseconds);
    }
}
