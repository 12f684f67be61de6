using Pipeline.Core.Diagnostics;

namespace Pipeline.Core.Tests;

public sealed class FaultPointsTests
{
    [Fact]
    public void Hit_PointWithPlace_DiesOnlyThere()
    {
        var died = new List<string>();
        var faults = new FaultPoints("after-registry-write:PromoteVersion", died.Add);

        faults.Hit(FaultPoint.AfterRegistryWrite, "RejectVersion", "credit-risk");
        faults.Hit(FaultPoint.AfterStagingReport, "PromoteVersion");
        faults.Hit(FaultPoint.AfterRegistryWrite, "promoteversion", "credit-risk");

        var message = Assert.Single(died);
        Assert.Contains("after-registry-write", message, StringComparison.Ordinal);
        Assert.Contains("promoteversion/credit-risk", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hit_PointWithoutPlace_DiesAnywhere()
    {
        var died = new List<string>();
        var faults = new FaultPoints(" after-purge-mark , after-decision-record:approve", died.Add);

        faults.Hit(FaultPoint.AfterPurgeMark, "m1");
        faults.Hit(FaultPoint.AfterDecisionRecord, "reject", "m1");
        faults.Hit(FaultPoint.AfterDecisionRecord, "approve", "m1");

        Assert.Equal(2, died.Count);
        Assert.True(faults.Enabled);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" , ")]
    public void Empty_Setting_EnablesNothing(string? setting)
    {
        var faults = new FaultPoints(setting, _ => throw new InvalidOperationException("must not die"));

        foreach (var point in FaultPoint.All)
        {
            faults.Hit(point, "anywhere");
        }

        Assert.False(faults.Enabled);
        Assert.Null(FaultPoints.Validate(setting));
    }

    [Fact]
    public void Validate_UnknownPoint_NamesTheSettingAndThePoint()
    {
        var error = FaultPoints.Validate("after-registry-write,before-lunch:PromoteVersion");

        Assert.NotNull(error);
        Assert.Contains("Pipeline__FaultPoints", error, StringComparison.Ordinal);
        Assert.Contains("before-lunch", error, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new FaultPoints("before-lunch"));
    }
}
