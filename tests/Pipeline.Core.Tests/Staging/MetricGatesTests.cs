using Pipeline.Core.Policies;
using Pipeline.Core.Staging;

namespace Pipeline.Core.Tests.Staging;

public sealed class MetricGatesTests
{
    private static readonly Dictionary<string, string> NoneUndefined = [];

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.95)]
    public void CheckThresholds_AtOrAboveMinimum_Passes(double accuracy)
    {
        var verdict = MetricGates.CheckThresholds(Metrics(("accuracy", accuracy)), NoneUndefined, Thresholds(("accuracy", new MetricBound(0.9, null))));

        Assert.True(verdict.Passed);
        Assert.Empty(verdict.Failures);
    }

    [Fact]
    public void CheckThresholds_BelowMinimum_FailsNamingValueAndMinimum()
    {
        var verdict = MetricGates.CheckThresholds(Metrics(("accuracy", 0.85)), NoneUndefined, Thresholds(("accuracy", new MetricBound(0.9, null))));

        Assert.False(verdict.Passed);
        Assert.Equal(["accuracy 0.85 is outside the minimum 0.9"], verdict.Failures);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(1.25)]
    public void CheckThresholds_AtOrBelowMaximum_Passes(double rmse)
    {
        var verdict = MetricGates.CheckThresholds(Metrics(("rmse", rmse)), NoneUndefined, Thresholds(("rmse", new MetricBound(null, 2.0))));

        Assert.True(verdict.Passed);
    }

    [Fact]
    public void CheckThresholds_AboveMaximum_FailsNamingValueAndMaximum()
    {
        var verdict = MetricGates.CheckThresholds(Metrics(("rmse", 2.5)), NoneUndefined, Thresholds(("rmse", new MetricBound(null, 2.0))));

        Assert.False(verdict.Passed);
        Assert.Equal(["rmse 2.5 is outside the maximum 2"], verdict.Failures);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void CheckThresholds_WithinBothBounds_Passes(double r2)
    {
        var verdict = MetricGates.CheckThresholds(Metrics(("r2", r2)), NoneUndefined, Thresholds(("r2", new MetricBound(0.1, 0.9))));

        Assert.True(verdict.Passed);
    }

    [Theory]
    [InlineData(0.05, "r2 0.05 is outside [0.1, 0.9]")]
    [InlineData(0.95, "r2 0.95 is outside [0.1, 0.9]")]
    public void CheckThresholds_OutsideBothBounds_FailsNamingTheRange(double r2, string failure)
    {
        var verdict = MetricGates.CheckThresholds(Metrics(("r2", r2)), NoneUndefined, Thresholds(("r2", new MetricBound(0.1, 0.9))));

        Assert.False(verdict.Passed);
        Assert.Equal([failure], verdict.Failures);
    }

    [Fact]
    public void CheckThresholds_ValueWithManyDecimals_IsShownToFourPlaces()
    {
        var verdict = MetricGates.CheckThresholds(Metrics(("accuracy", 2.0 / 3)), NoneUndefined, Thresholds(("accuracy", new MetricBound(0.75, null))));

        Assert.Equal(["accuracy 0.6667 is outside the minimum 0.75"], verdict.Failures);
    }

    [Fact]
    public void CheckThresholds_UndefinedMetric_FailsWithItsReason()
    {
        var undefined = new Dictionary<string, string> { ["rocAuc"] = "the labels hold only one class" };

        var verdict = MetricGates.CheckThresholds(Metrics(("accuracy", 0.9)), undefined, Thresholds(("rocAuc", new MetricBound(0.8, null))));

        Assert.False(verdict.Passed);
        Assert.Equal(["rocAuc is undefined (the labels hold only one class)"], verdict.Failures);
    }

    [Fact]
    public void CheckThresholds_MetricNeitherComputedNorUndefined_FailsAsNotComputed()
    {
        var verdict = MetricGates.CheckThresholds(Metrics(("accuracy", 0.9)), NoneUndefined, Thresholds(("f1", new MetricBound(0.5, null))));

        Assert.False(verdict.Passed);
        Assert.Equal(["f1 is undefined (not computed)"], verdict.Failures);
    }

    [Fact]
    public void CheckThresholds_SeveralMissed_ListsEveryFailureInGateOrder()
    {
        var thresholds = Thresholds(
            ("accuracy", new MetricBound(0.9, null)),
            ("precision", new MetricBound(0.5, null)),
            ("recall", new MetricBound(0.8, null)));

        var verdict = MetricGates.CheckThresholds(Metrics(("accuracy", 0.8), ("precision", 0.6), ("recall", 0.7)), NoneUndefined, thresholds);

        Assert.False(verdict.Passed);
        Assert.Equal(["accuracy 0.8 is outside the minimum 0.9", "recall 0.7 is outside the minimum 0.8"], verdict.Failures);
    }

    [Fact]
    public void CheckThresholds_NoThresholds_Passes()
    {
        var metrics = Metrics(("accuracy", 0.1));

        Assert.True(MetricGates.CheckThresholds(metrics, NoneUndefined, thresholds: null).Passed);
        Assert.True(MetricGates.CheckThresholds(metrics, NoneUndefined, Thresholds()).Passed);
        Assert.Empty(MetricGates.CheckThresholds(metrics, NoneUndefined, thresholds: null).Failures);
    }

    [Theory]
    [InlineData("accuracy", 0.91, 0.92, 0.02)]
    [InlineData("accuracy", 0.95, 0.92, 0.0)]
    [InlineData("accuracy", 0.5, 0.75, 0.25)]
    [InlineData("rmse", 2.1, 2.0, 0.2)]
    [InlineData("rmse", 1.5, 2.0, 0.0)]
    [InlineData("rmse", 2.75, 2.5, 0.25)]
    public void CheckRegression_WithinAllowance_Passes(string metric, double candidate, double production, double allowed)
    {
        var verdict = MetricGates.CheckRegression(Metrics((metric, candidate)), Metrics((metric, production)), Gates((metric, allowed)));

        Assert.True(verdict.Passed);
        Assert.Empty(verdict.Failures);
    }

    [Fact]
    public void CheckRegression_HigherIsBetterMetricDroppedTooFar_FailsNamingBothValues()
    {
        var verdict = MetricGates.CheckRegression(Metrics(("accuracy", 0.88)), Metrics(("accuracy", 0.92)), Gates(("accuracy", 0.02)));

        Assert.False(verdict.Passed);
        Assert.Equal(["accuracy 0.88 is worse than production's 0.92 by 0.04 (allowed 0.02)"], verdict.Failures);
    }

    [Fact]
    public void CheckRegression_LowerIsBetterMetricRoseTooFar_FailsNamingBothValues()
    {
        var verdict = MetricGates.CheckRegression(Metrics(("rmse", 2.5)), Metrics(("rmse", 2.0)), Gates(("rmse", 0.2)));

        Assert.False(verdict.Passed);
        Assert.Equal(["rmse 2.5 is worse than production's 2 by 0.5 (allowed 0.2)"], verdict.Failures);
    }

    [Fact]
    public void CheckRegression_LowerIsBetterMetricFell_PassesEvenWithNoAllowance()
    {
        var verdict = MetricGates.CheckRegression(Metrics(("mae", 0.4)), Metrics(("mae", 0.9)), Gates(("mae", 0.0)));

        Assert.True(verdict.Passed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CheckRegression_MetricUndefinedForOneVersion_Fails(bool undefinedForCandidate)
    {
        var defined = Metrics(("r2", 0.8));
        var missing = Metrics(("rmse", 1.0));

        var verdict = undefinedForCandidate
            ? MetricGates.CheckRegression(missing, defined, Gates(("r2", 0.1)))
            : MetricGates.CheckRegression(defined, missing, Gates(("r2", 0.1)));

        Assert.False(verdict.Passed);
        Assert.Equal(["r2 is undefined for one of the two versions"], verdict.Failures);
    }

    [Fact]
    public void CheckRegression_SeveralGates_ListsOnlyTheOnesOverTheirAllowance()
    {
        var candidate = Metrics(("accuracy", 0.80), ("f1", 0.70), ("rocAuc", 0.90));
        var production = Metrics(("accuracy", 0.90), ("f1", 0.71), ("rocAuc", 0.95));

        var verdict = MetricGates.CheckRegression(candidate, production, Gates(("accuracy", 0.05), ("f1", 0.05), ("rocAuc", 0.01)));

        Assert.Equal(
            ["accuracy 0.8 is worse than production's 0.9 by 0.1 (allowed 0.05)", "rocAuc 0.9 is worse than production's 0.95 by 0.05 (allowed 0.01)"],
            verdict.Failures);
    }

    [Fact]
    public void CheckRegression_NoGates_Passes()
    {
        var candidate = Metrics(("accuracy", 0.1));
        var production = Metrics(("accuracy", 0.9));

        Assert.True(MetricGates.CheckRegression(candidate, production, maxRegression: null).Passed);
        Assert.True(MetricGates.CheckRegression(candidate, production, Gates()).Passed);
        Assert.Empty(MetricGates.CheckRegression(candidate, production, maxRegression: null).Failures);
    }

    [Fact]
    public void CheckRegression_UnknownMetric_Throws()
    {
        Assert.Throws<ArgumentException>(() => MetricGates.CheckRegression(Metrics(("auc", 0.5)), Metrics(("auc", 0.6)), Gates(("auc", 0.0))));
    }

    private static Dictionary<string, double> Metrics(params (string Name, double Value)[] metrics) =>
        metrics.ToDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal);

    private static Dictionary<string, MetricBound> Thresholds(params (string Name, MetricBound Bound)[] thresholds) =>
        thresholds.ToDictionary(t => t.Name, t => t.Bound, StringComparer.Ordinal);

    private static Dictionary<string, double> Gates(params (string Name, double Allowed)[] gates) =>
        gates.ToDictionary(g => g.Name, g => g.Allowed, StringComparer.Ordinal);
}
