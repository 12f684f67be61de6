using System.Security.Cryptography;
using Pipeline.Core.Staging;

namespace Pipeline.Core.Tests;

public sealed class StagingReportTests
{
    [Fact]
    public void Report_AnyFailedCheck_IsNotPassedAndSummarizesFailures()
    {
        var report = new StagingReport(
        [
            new CheckResult("integrity", CheckOutcome.Passed, "ok", 1),
            new CheckResult("loads", CheckOutcome.Failed, "not ONNX", 1),
            new CheckResult("evaluation", CheckOutcome.Skipped, "no policy", 0),
        ], null);

        Assert.False(report.Passed);
        Assert.Equal("loads: not ONNX", report.FailureSummary);
    }

    [Fact]
    public void Report_PassedAndSkippedOnly_IsPassed()
    {
        var report = new StagingReport(
        [
            new CheckResult("integrity", CheckOutcome.Passed, "ok", 1),
            new CheckResult("evaluation", CheckOutcome.Skipped, "no policy", 0),
        ], null);

        Assert.True(report.Passed);
        Assert.Null(report.FailureSummary);
    }

    [Fact]
    public void Report_NoChecks_IsNotPassed() => Assert.False(new StagingReport([], null).Passed);

    [Fact]
    public async Task ArtifactHasher_LargerThanItsBuffer_MatchesOneShotHash()
    {
        var bytes = new byte[(3 << 20) + 17];
        new Random(7).NextBytes(bytes);

        var (size, sha256) = await ArtifactHasher.MeasureAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.Equal(bytes.Length, size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), sha256);
    }
}
