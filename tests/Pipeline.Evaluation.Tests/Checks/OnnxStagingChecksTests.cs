using System.Diagnostics;
using System.Text;
using Pipeline.Core.Policies;
using Pipeline.Core.Staging;
using Pipeline.Evaluation.Checks;
using Pipeline.Testing;
using static Pipeline.Evaluation.Tests.Checks.StagingChecksRun;

namespace Pipeline.Evaluation.Tests.Checks;

/// <summary>
/// Models and datasets that used to throw out of the staging checks (and leave the version in Testing) end
/// as failed checks with their reason; the time limit stops even one endless run.
/// </summary>
public sealed class OnnxStagingChecksTests
{
    // The timeout fails a run that is not stopped instead of hanging the test run.
    [Fact(Timeout = 60_000)]
    public async Task RunAsync_OneRunNeverEndsWithAShortMaxEvaluationTime_FailsEvaluationAtTheLimit()
    {
        var clock = Stopwatch.StartNew();

        var results = await RunAsync(
            File.ReadAllBytes(Samples.Model("slow-loop.onnx")),
            CreditPolicy(),
            File.ReadAllBytes(DatasetEvaluatorTests.DatasetPath("credit-eval.csv")),
            TimeSpan.FromSeconds(2));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(20));
        Assert.Equal(CheckOutcome.Passed, Check(results, OnnxStagingChecks.Loads).Outcome);
        var evaluation = Check(results, OnnxStagingChecks.Evaluation);
        Assert.Equal(CheckOutcome.Failed, evaluation.Outcome);
        Assert.Contains("time limit of 2 s", evaluation.Reason, StringComparison.Ordinal);
        Assert.Contains("after scoring 0 rows", evaluation.Reason, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Skipped, Check(results, OnnxStagingChecks.Latency).Outcome);
    }

    [Fact]
    public async Task RunAsync_OutputSqueezedToAScalarForOneRow_EvaluatesButFailsLatencyWithTheShape()
    {
        var results = await RunAsync(
            File.ReadAllBytes(Samples.Model("squeezed-output.onnx")),
            CreditPolicy() with { Latency = new LatencyBudget(100, 50) },
            File.ReadAllBytes(DatasetEvaluatorTests.DatasetPath("credit-eval.csv")));

        Assert.Equal(CheckOutcome.Passed, Check(results, OnnxStagingChecks.Evaluation).Outcome);
        var latency = Check(results, OnnxStagingChecks.Latency);
        Assert.Equal(CheckOutcome.Failed, latency.Outcome);
        Assert.Contains("cannot score a single row", latency.Reason, StringComparison.Ordinal);
        Assert.Contains("shape []", latency.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LatencyRowsTimesAWideDatasetOverTheSampleLimit_FailsLatencyNamingWhatFits()
    {
        // 2,200 rows of 1,999 features: more rows than the 16 MiB sample holds (2,098), so 100,000 cannot be timed.
        var results = await RunAsync(
            File.ReadAllBytes(Samples.Model("any-width.onnx")),
            CreditPolicy() with { Latency = new LatencyBudget(100, LatencyBudget.MaxRows) },
            Encoding.UTF8.GetBytes(TestDatasets.Wide(features: 1_999, rows: 2_200)));

        Assert.Equal(CheckOutcome.Passed, Check(results, OnnxStagingChecks.Evaluation).Outcome);
        var latency = Check(results, OnnxStagingChecks.Latency);
        Assert.Equal(CheckOutcome.Failed, latency.Outcome);
        Assert.Equal(
            "latency.rows 100000 × 1999 features is 199900000 values, more than the 4194304 (16 MiB) the latency probe keeps; set latency.rows to at most 2098.",
            latency.Reason);
    }

    [Fact]
    public async Task RunAsync_LatencyRowsWithinTheSampleLimit_TimesThemAll()
    {
        var results = await RunAsync(
            File.ReadAllBytes(Samples.Model("any-width.onnx")),
            CreditPolicy() with { Latency = new LatencyBudget(1_000, 500) },
            Encoding.UTF8.GetBytes(TestDatasets.Wide(features: 1_999, rows: 600)));

        var latency = Check(results, OnnxStagingChecks.Latency);
        Assert.Equal(CheckOutcome.Passed, latency.Outcome);
        Assert.StartsWith("Single-row inference over 500 rows", latency.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ExternalDataModel_FailsLoadsNamingTheExternalTensor()
    {
        var results = await RunAsync(File.ReadAllBytes(Samples.Model("external-data.onnx")), ModelPolicy.Default, null);

        var loads = Check(results, OnnxStagingChecks.Loads);
        Assert.Equal(CheckOutcome.Failed, loads.Outcome);
        Assert.Contains("keeps tensor 'w' in an external data file (data_location EXTERNAL)", loads.Reason, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Skipped, Check(results, OnnxStagingChecks.Signature).Outcome);
    }

    [Fact]
    public async Task RunAsync_FortyThousandCharacterInputName_LoadsButFailsSignatureQuotingOnlyItsStart()
    {
        var results = await RunAsync(OnnxModelBytes.Logistic(new string('x', 40_000)), ModelPolicy.Default, null);

        Assert.Equal(CheckOutcome.Passed, Check(results, OnnxStagingChecks.Loads).Outcome);
        var signature = Check(results, OnnxStagingChecks.Signature);
        Assert.Equal(CheckOutcome.Failed, signature.Outcome);
        Assert.Contains("has a name of 40000 characters; names may have at most 1024", signature.Reason, StringComparison.Ordinal);
        Assert.InRange(signature.Reason.Length, 1, 300);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_KeptBytesOrTheVaultCopy_LoadsAndEvaluatesTheSame(bool kept)
    {
        var results = await RunAsync(
            File.ReadAllBytes(Samples.Model("credit-risk-v2.onnx")), CreditPolicy(), File.ReadAllBytes(DatasetEvaluatorTests.DatasetPath("credit-eval.csv")), kept: kept);

        // With kept bytes the store holds no artifact: a read of it would fail the load as gone.
        Assert.Equal(CheckOutcome.Passed, Check(results, OnnxStagingChecks.Loads).Outcome);
        Assert.Equal(CheckOutcome.Passed, Check(results, OnnxStagingChecks.Signature).Outcome);
        Assert.Equal(CheckOutcome.Passed, Check(results, OnnxStagingChecks.Evaluation).Outcome);
    }
}
