using Pipeline.Core.Approvals;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;
using Pipeline.Core.Staging;

namespace Pipeline.Core.Tests.Approvals;

public sealed class ProductionComparerTests
{
    [Fact]
    public void Compare_SignatureChanged_ListsEachTensorWithItsChange()
    {
        var production = Version("v1", Loads("features: float[-1,3], extra: int64[-1]", "probability: float[-1,1]"));
        var candidate = Version("v2", Loads("features: float[-1,4], added: float[-1]", "probability: float[-1,1]"));

        var signature = ProductionComparer.Compare(candidate, production).Signature!;

        Assert.False(signature.Same);
        Assert.Equal(
            ["features:float[-1,4]/float[-1,3]:Changed", "added:float[-1]/:Added", "extra:/int64[-1]:Removed"],
            signature.Inputs.Select(t => $"{t.Name}:{t.Candidate}/{t.Production}:{t.Change}"));
        Assert.Equal(TensorChange.Unchanged, Assert.Single(signature.Outputs).Change);
    }

    [Fact]
    public void Compare_ChampionChallengerRan_UsesItsSameDataValuesBeforeProductionsOwnRound()
    {
        var production = Version("v1", Evaluation(("accuracy", 0.70), ("f1", 0.60)));
        var candidate = Version("v2", Evaluation(("accuracy", 0.80), ("f1", 0.75), ("rocAuc", 0.9)),
            new CheckResult("championChallenger", CheckOutcome.Passed, "ok", 0)
            {
                Metrics = new Dictionary<string, double> { ["accuracy"] = 0.80 },
                ProductionMetrics = new Dictionary<string, double> { ["accuracy"] = 0.78 },
            });

        var metrics = ProductionComparer.Compare(candidate, production).Metrics.ToDictionary(m => m.Name);

        Assert.Equal((0.78, MetricBasis.SameData), (metrics["accuracy"].Production!.Value, metrics["accuracy"].Basis));
        Assert.Equal(0.80 - 0.78, metrics["accuracy"].Difference!.Value, 9);
        Assert.Equal((0.60, MetricBasis.ProductionRound), (metrics["f1"].Production!.Value, metrics["f1"].Basis));
        Assert.Equal((null, MetricBasis.None), (metrics["rocAuc"].Production, metrics["rocAuc"].Basis));
    }

    [Fact]
    public void Compare_NoProductionOrItself_ComparesWithNothing()
    {
        var candidate = Version("v1", Loads("x: float[-1,1]", "y: float[-1,1]"), Evaluation(("accuracy", 0.8)));

        foreach (var comparison in new[] { ProductionComparer.Compare(candidate, null), ProductionComparer.Compare(candidate, candidate) })
        {
            Assert.Null(comparison.ProductionVersion);
            Assert.Null(comparison.Signature);
            Assert.Equal(MetricBasis.None, Assert.Single(comparison.Metrics).Basis);
        }
    }

    private static CheckResult Loads(string inputs, string outputs) =>
        new("loads", CheckOutcome.Passed, "loads", 0, new Dictionary<string, string> { ["inputs"] = inputs, ["outputs"] = outputs });

    private static CheckResult Evaluation(params (string Name, double Value)[] metrics) =>
        new("evaluation", CheckOutcome.Passed, "evaluated", 0) { Metrics = metrics.ToDictionary(m => m.Name, m => m.Value) };

    private static ModelVersion Version(string version, params CheckResult[] results) =>
        Rows.Version("credit", version, VersionState.AwaitingApproval) with { TestResults = results };
}
