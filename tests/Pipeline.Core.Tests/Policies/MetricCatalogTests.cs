using Pipeline.Core.Policies;

namespace Pipeline.Core.Tests.Policies;

public sealed class MetricCatalogTests
{
    [Theory]
    [InlineData("accuracy", MetricDirection.HigherIsBetter)]
    [InlineData("precision", MetricDirection.HigherIsBetter)]
    [InlineData("recall", MetricDirection.HigherIsBetter)]
    [InlineData("f1", MetricDirection.HigherIsBetter)]
    [InlineData("rocAuc", MetricDirection.HigherIsBetter)]
    [InlineData("macroF1", MetricDirection.HigherIsBetter)]
    [InlineData("r2", MetricDirection.HigherIsBetter)]
    [InlineData("rmse", MetricDirection.LowerIsBetter)]
    [InlineData("mae", MetricDirection.LowerIsBetter)]
    public void Direction_KnownMetric_IsAsDocumented(string metric, MetricDirection direction)
    {
        Assert.True(MetricCatalog.IsKnown(metric));
        Assert.Equal(direction, MetricCatalog.Direction(metric));
    }

    [Theory]
    [InlineData("auc")]
    [InlineData("Accuracy")]
    [InlineData("")]
    public void IsKnown_UnknownName_IsFalseAndDirectionThrows(string metric)
    {
        Assert.False(MetricCatalog.IsKnown(metric));
        Assert.Throws<ArgumentException>(() => MetricCatalog.Direction(metric));
    }

    [Fact]
    public void For_EachTask_ListsItsMetrics()
    {
        Assert.Equal(["accuracy", "precision", "recall", "f1", "rocAuc"], MetricCatalog.For(EvaluationTask.BinaryClassification));
        Assert.Equal(["accuracy", "macroF1"], MetricCatalog.For(EvaluationTask.MulticlassClassification));
        Assert.Equal(["rmse", "mae", "r2"], MetricCatalog.For(EvaluationTask.Regression));
        Assert.True(MetricCatalog.AppliesTo("accuracy", EvaluationTask.MulticlassClassification));
        Assert.False(MetricCatalog.AppliesTo("f1", EvaluationTask.MulticlassClassification));
        Assert.False(MetricCatalog.AppliesTo("accuracy", EvaluationTask.Regression));
    }

    [Theory]
    [InlineData("accuracy", 0.90, 0.93, 0.03)]
    [InlineData("accuracy", 0.95, 0.93, -0.02)]
    [InlineData("rmse", 2.5, 2.0, 0.5)]
    [InlineData("rmse", 1.5, 2.0, -0.5)]
    [InlineData("r2", 0.7, 0.7, 0)]
    public void Worsening_IsPositiveWhenCandidateIsWorseInMetricDirection(string metric, double candidate, double production, double expected)
    {
        Assert.Equal(expected, MetricCatalog.Worsening(metric, candidate, production), 12);
    }

    [Theory]
    [InlineData(0.8, 0.8, null, true)]
    [InlineData(0.79, 0.8, null, false)]
    [InlineData(3.5, null, 3.5, true)]
    [InlineData(3.6, null, 3.5, false)]
    [InlineData(0.5, 0.4, 0.6, true)]
    [InlineData(0.7, 0.4, 0.6, false)]
    [InlineData(double.NaN, null, 1.0, false)]
    public void MeetsBound_IsInclusiveOnBothSidesAndNeverForNaN(double value, double? min, double? max, bool expected)
    {
        Assert.Equal(expected, MetricCatalog.MeetsBound(value, new MetricBound(min, max)));
    }
}
