using Pipeline.Core.Policies;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Tests.Policies;

public sealed class PolicyChangesTests
{
    private const string Policy = """
        {
          "evaluation": { "dataset": "credit/eval.csv", "task": "binary-classification", "label": "label", "features": ["f0","f1","f2"] },
          "thresholds": { "accuracy": { "min": 0.80 } },
          "retention": { "keepArchived": 3, "purgeMode": "delete" }
        }
        """;

    [Fact]
    public void Between_NoPreviousPolicy_EveryFieldIsNewInFieldOrder()
    {
        var changes = PolicyChanges.Between(null, ModelPolicyParser.Parse(Policy));

        Assert.Equal(
        [
            new FieldChange("allowUnevaluatedFormats", null, "false"),
            new FieldChange("evaluation.dataset", null, "\"credit/eval.csv\""),
            new FieldChange("evaluation.features", null, """["f0","f1","f2"]"""),
            new FieldChange("evaluation.label", null, "\"label\""),
            new FieldChange("evaluation.task", null, "\"binary-classification\""),
            new FieldChange("requireUploadIntent", null, "false"),
            new FieldChange("retention.keepArchived", null, "3"),
            new FieldChange("retention.purgeMode", null, "\"delete\""),
            new FieldChange("thresholds.accuracy.min", null, "0.8"),
        ], changes);
    }

    [Fact]
    public void Between_SamePolicyWrittenDifferently_NoChanges()
    {
        var before = ModelPolicyParser.Parse(Policy);
        var after = ModelPolicyParser.Parse(Policy.Replace("0.80", "0.8", StringComparison.Ordinal).Replace("\"keepArchived\": 3", "\"keepArchived\": 3, \"archivedDays\": null", StringComparison.Ordinal));

        Assert.Empty(PolicyChanges.Between(before, after));
    }

    [Fact]
    public void Between_ChangedBound_NamesTheLeafFieldWithBothValues()
    {
        var before = ModelPolicyParser.Parse(Policy);
        var after = ModelPolicyParser.Parse(Policy.Replace("{ \"min\": 0.80 }", "{ \"min\": 0.85, \"max\": 1 }", StringComparison.Ordinal));

        Assert.Equal(
        [
            new FieldChange("thresholds.accuracy.max", null, "1"),
            new FieldChange("thresholds.accuracy.min", "0.8", "0.85"),
        ], PolicyChanges.Between(before, after));
    }

    [Fact]
    public void Between_RemovedSection_EachOfItsFieldsGoesToNull()
    {
        var before = ModelPolicyParser.Parse(Policy);
        var after = before with { Retention = null };

        Assert.Equal(
        [
            new FieldChange("retention.keepArchived", "3", null),
            new FieldChange("retention.purgeMode", "\"delete\"", null),
        ], PolicyChanges.Between(before, after));
    }

    [Fact]
    public void Between_ReorderedFeatures_IsOneChangeOfTheWholeList()
    {
        var before = ModelPolicyParser.Parse(Policy);
        var after = ModelPolicyParser.Parse(Policy.Replace("[\"f0\",\"f1\",\"f2\"]", "[\"f2\",\"f0\",\"f1\"]", StringComparison.Ordinal));

        var change = Assert.Single(PolicyChanges.Between(before, after));

        Assert.Equal(new FieldChange("evaluation.features", """["f0","f1","f2"]""", """["f2","f0","f1"]"""), change);
    }

    [Fact]
    public void Between_EnumAndBoolean_UseTheirPolicyNames()
    {
        var before = ModelPolicyParser.Parse(Policy);
        var after = before with
        {
            AllowUnevaluatedFormats = true,
            Retention = before.Retention! with { PurgeMode = PurgeMode.ArchiveTier },
        };

        Assert.Equal(
        [
            new FieldChange("allowUnevaluatedFormats", "false", "true"),
            new FieldChange("retention.purgeMode", "\"delete\"", "\"archiveTier\""),
        ], PolicyChanges.Between(before, after));
    }

    [Fact]
    public void Between_RequireUploadIntentTurnedOn_IsOneChangeFromFalseToTrue()
    {
        var before = ModelPolicyParser.Parse(Policy);
        var after = ModelPolicyParser.Parse(Policy.Replace("\"thresholds\"", "\"requireUploadIntent\": true, \"thresholds\"", StringComparison.Ordinal));

        Assert.Equal([new FieldChange("requireUploadIntent", "false", "true")], PolicyChanges.Between(before, after));
    }

    [Fact]
    public void Between_EmptyThresholds_IsAChangeOfItsOwn()
    {
        var before = ModelPolicyParser.Parse(Policy) with { Thresholds = null };
        var after = before with { Thresholds = new Dictionary<string, MetricBound>() };

        Assert.Equal([new FieldChange("thresholds", null, "{}")], PolicyChanges.Between(before, after));
    }

    [Fact]
    public void Between_NonAsciiText_KeptAsWritten()
    {
        var before = ModelPolicyParser.Parse(Policy);
        var after = before with { Evaluation = before.Evaluation! with { Dataset = "données/été+1.csv" } };

        var change = Assert.Single(PolicyChanges.Between(before, after));

        Assert.Equal(new FieldChange("evaluation.dataset", "\"credit/eval.csv\"", "\"données/été+1.csv\""), change);
    }
}
