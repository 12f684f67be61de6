using System.Diagnostics;
using System.Globalization;
using Pipeline.Core.Diagnostics;
using Pipeline.Core.Errors;
using Pipeline.Core.Naming;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Staging;

/// <summary>
/// Runs the staging tests on a version: the integrity check first (it reads the artifact once and
/// fingerprints it), then every registered <see cref="IStagingCheckSuite"/> with the model's policy
/// and its current production version. A copy that passed is kept in memory (<see cref="KeptCopies"/>), for the rounds
/// that compare with it once it is in production.
/// </summary>
public sealed class StagingTests(
    IArtifactStore artifacts,
    IRegistryStore registry,
    IPolicyStore policies,
    IEnumerable<IStagingCheckSuite> suites,
    StagingOptions options,
    KeptCopies kept,
    RecentVersions? recent = null)
{
    /// <summary>The integrity check's name in reports.</summary>
    public const string IntegrityCheckName = "integrity";

    /// <summary>
    /// Reads the version (or starts from the row this process wrote when the round began, <see cref="RecentVersions"/>)
    /// and, at the same time, what its checks are judged by (the model's policy and what production serves), then runs every check only when <paramref name="isDue"/> says the version as read is still to be tested
    /// (a retried activity may find its round's outcome recorded already): no report then. A bad artifact is a failed
    /// check in the report, never an exception.
    /// </summary>
    /// <param name="key">The version.</param>
    /// <param name="isDue">Whether the version as read is still to be tested.</param>
    /// <param name="publish">
    /// Keeps the report (the full document, as evidence), called as soon as the checks have produced it: while the vault
    /// copy of the artifact may still be written. The run returns once both are done, so that an outcome recorded after it
    /// names a copy that is in the vault and a report that is kept.
    /// </param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<StagingRun> RunIfDueAsync(
        ModelVersionKey key, Func<ModelVersion, bool> isDue, Func<StagingReport, Task>? publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(isDue);
        var policyTask = policies.FindAsync(key.Model, cancellationToken);
        var productionTask = FindProductionAsync(key.Model, key.Version, cancellationToken);
        // The row as this process wrote it when the round began, if it did: the outcome's write is guarded by it, so a
        // row changed since is read then. Only a row read now says the round is not due.
        var version = recent?.Find(key.Model, key.Version) is { } known && isDue(known)
            ? known
            : await registry.FindVersionAsync(key.Model, key.Version, cancellationToken) ?? throw new VersionNotFoundException(key.Model, key.Version);
        if (!isDue(version))
        {
            await Task.WhenAll(policyTask, productionTask);
            return new StagingRun(version, null);
        }

        return new StagingRun(version, await RunAsync(version, policyTask, productionTask, publish, cancellationToken));
    }

    private async Task<StagingReport> RunAsync(
        ModelVersion version, Task<ModelPolicy?> policyTask, Task<ModelVersion?> productionTask, Func<StagingReport, Task>? publish, CancellationToken cancellationToken)
    {
        using var span = PipelineTelemetry.Source.StartActivity("staging.checks");
        span?.SetTag(PipelineTelemetry.Attributes.Model, version.Model);
        span?.SetTag(PipelineTelemetry.Attributes.Version, version.Version);
        span?.SetTag(PipelineTelemetry.Attributes.Attempt, version.Attempt);
        // The policy and what production serves are read at once; the copy needs only the policy (its size limit), so
        // production's rows, and its tested copy when a suite compares with it, are read while the upload is copied.
        var productionContentTask = ReadProductionArtifactAsync(version, productionTask, cancellationToken);
        var policy = await policyTask ?? ModelPolicy.Default;
        var integrityStart = DateTimeOffset.UtcNow;
        var (integrity, fingerprint, content, stored) = await CheckIntegrityAsync(version, policy.MaxArtifactBytes ?? options.MaxArtifactBytes, cancellationToken);
        Record(version, integrity, integrityStart);
        var results = new List<CheckResult> { integrity };
        var production = await productionTask;
        if (fingerprint is null)
        {
            // Not needed after all; a failure to read it is not the run's.
            await productionContentTask.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return await FinishAsync(new StagingReport(results, null));
        }

        var subject = new StagingSubject(version, fingerprint, policy, production, content, await productionContentTask);
        foreach (var suite in suites)
        {
            // A suite runs its checks together (one model load serves several): each check's span is laid
            // out after the suite returns, ending when the suite did and as long as the check says it ran.
            var suiteResults = await suite.RunAsync(subject, cancellationToken);
            var end = DateTimeOffset.UtcNow;
            foreach (var result in suiteResults)
            {
                Record(version, result, end - TimeSpan.FromMilliseconds(result.DurationMs), end);
            }

            results.AddRange(suiteResults);
        }

        return await FinishAsync(new StagingReport(results, fingerprint));

        // The checks ran while the copy was written, and the report is kept while it still is: the run ends when both are done.
        async Task<StagingReport> FinishAsync(StagingReport done)
        {
            var report = done with { Policy = policy };
            span?.SetTag(PipelineTelemetry.Attributes.Outcome, report.Passed ? "passed" : "failed");
            span?.SetStatus(report.Passed ? ActivityStatusCode.Ok : ActivityStatusCode.Unset);
            await Task.WhenAll(stored, publish?.Invoke(report) ?? Task.CompletedTask);
            if (report.Passed && fingerprint is not null && content is { } bytes)
            {
                kept.Keep(fingerprint, bytes);
            }

            return report;
        }
    }

    // One span and one duration measurement per check; the span is a child of the run's, with the check's own times.
    private static void Record(ModelVersion version, CheckResult result, DateTimeOffset start, DateTimeOffset? end = null)
    {
        var outcome = result.Outcome.ToString().ToLowerInvariant();
        PipelineTelemetry.CheckDuration.Record(
            result.DurationMs / 1000,
            new KeyValuePair<string, object?>(PipelineTelemetry.Attributes.CheckName, result.Name),
            new KeyValuePair<string, object?>(PipelineTelemetry.Attributes.CheckOutcome, outcome));
        using var span = PipelineTelemetry.Source.StartActivity($"staging.check {result.Name}", ActivityKind.Internal, parentContext: default, startTime: start);
        if (span is null)
        {
            return;
        }

        span.SetTag(PipelineTelemetry.Attributes.CheckName, result.Name);
        span.SetTag(PipelineTelemetry.Attributes.CheckOutcome, outcome);
        span.SetTag(PipelineTelemetry.Attributes.Model, version.Model);
        span.SetTag(PipelineTelemetry.Attributes.Version, version.Version);
        span.SetTag("pipeline.check.duration_ms", result.DurationMs);
        if (result.Outcome == CheckOutcome.Failed)
        {
            span.SetStatus(ActivityStatusCode.Error, result.Reason);
        }

        span.SetEndTime((end ?? DateTimeOffset.UtcNow).UtcDateTime);
    }

    // The bytes of production's tested copy, when a suite reads them to test the candidate and they are few enough to keep:
    // kept from an earlier round (its own, most often) or read now, and kept then for the rounds after.
    private async Task<ReadOnlyMemory<byte>?> ReadProductionArtifactAsync(ModelVersion candidate, Task<ModelVersion?> productionTask, CancellationToken cancellationToken)
    {
        if (await productionTask is not { VaultPath: { } vaultPath } production
            || production.SizeBytes > VaultCopy.KeptBytes
            || !suites.Any(suite => suite.ReadsProductionArtifact(candidate, production)))
        {
            return null;
        }

        if (production.Sha256 is { } tested && kept.Find(vaultPath, tested) is { } known)
        {
            return known;
        }

        await using var copy = await artifacts.OpenReadAsync(vaultPath, cancellationToken);
        if (copy is null)
        {
            return null;
        }

        var (size, sha256, bytes) = await ArtifactHasher.MeasureAndKeepAsync(copy, VaultCopy.KeptBytes, cancellationToken);
        if (bytes is { } read)
        {
            kept.Keep(new ArtifactFingerprint(size, sha256, vaultPath), read);
        }

        return bytes;
    }

    private async Task<ModelVersion?> FindProductionAsync(string model, string version, CancellationToken cancellationToken)
    {
        var row = await registry.FindModelAsync(model, cancellationToken);
        return row?.Production is { } pointer && pointer.Version != version
            ? await registry.FindVersionAsync(model, pointer.Version, cancellationToken)
            : null;
    }

    // The integrity check's result and, when it passed, the copy's fingerprint and the bytes kept from its read; with them
    // the write of the copy, which may still be under way (VaultCopy.Stored).
    private async Task<(CheckResult Result, ArtifactFingerprint? Fingerprint, ReadOnlyMemory<byte>? Content, Task Stored)> CheckIntegrityAsync(
        ModelVersion version, long maxBytes, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var stored = Task.CompletedTask;
        ArtifactFingerprint? fingerprint;
        ReadOnlyMemory<byte>? content;
        if (version.VaultPath is { } vaultPath && version.Sha256 is { } tested)
        {
            // A later round tests the copy the first one secured: what the upload became since does not matter.
            await using var copy = await artifacts.OpenReadAsync(vaultPath, cancellationToken);
            if (copy is null)
            {
                return Fail($"The tested copy of the artifact ('{vaultPath}') no longer exists.");
            }

            var (size, sha256, bytes) = await ArtifactHasher.MeasureAndKeepAsync(copy, VaultCopy.KeptBytes, cancellationToken);
            if (sha256 != tested)
            {
                return Fail($"The tested copy of the artifact changed (SHA-256 {sha256}, recorded {tested}).");
            }

            fingerprint = new ArtifactFingerprint(size, sha256, vaultPath);
            content = bytes;
        }
        else
        {
            // The one copy, under the registered ETag: hashed as it is written, so the digest recorded is of the bytes
            // tested and served. Its read answers the upload's length before a byte of it is read.
            var secured = await artifacts.CopyToVaultAsync(version.Model, version.ArtifactPath, version.BlobETag, maxBytes, cancellationToken);
            if (secured is null)
            {
                return Fail(await WhyNotCopiedAsync(version, cancellationToken));
            }

            stored = secured.Stored;

            if (secured.UploadBytes == 0)
            {
                return Fail("The artifact is empty.");
            }

            if (secured.Fingerprint is null)
            {
                return Fail($"The artifact is {secured.UploadBytes} bytes; the limit is {maxBytes}.");
            }

            fingerprint = secured.Fingerprint;
            content = secured.Content;
            if (fingerprint.SizeBytes != secured.UploadBytes)
            {
                return Fail($"Read {fingerprint.SizeBytes} bytes of an artifact registered at {secured.UploadBytes}.");
            }
        }

        if (fingerprint.SizeBytes > maxBytes)
        {
            return Fail($"The artifact is {fingerprint.SizeBytes} bytes; the limit is {maxBytes}.");
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
        return (passed, fingerprint, content, stored);

        (CheckResult, ArtifactFingerprint?, ReadOnlyMemory<byte>?, Task) Fail(string reason) =>
            (new CheckResult(IntegrityCheckName, CheckOutcome.Failed, reason, clock.Elapsed.TotalMilliseconds), null, null, stored);
    }

    // The copy's conditional read failed: the properties (one more read, on this path only) say whether the upload is
    // gone or was overwritten since its registration.
    private async Task<string> WhyNotCopiedAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        var properties = await artifacts.GetPropertiesAsync(version.ArtifactPath, cancellationToken);
        return properties is null ? $"The artifact '{version.ArtifactPath}' no longer exists."
            : properties.ETag != version.BlobETag ? "The artifact was overwritten after it was registered; upload a new version instead."
            : "The artifact was overwritten or deleted before it could be secured; upload a new version instead.";
    }
}
