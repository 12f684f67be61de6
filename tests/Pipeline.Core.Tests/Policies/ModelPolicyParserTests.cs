using Pipeline.Core.Policies;

namespace Pipeline.Core.Tests.Policies;

public sealed class ModelPolicyParserTests
{
    private const string FullPolicy = """
        {
          "evaluation": { "dataset": "credit/eval.csv", "task": "binary-classification", "label": "label",
                          "features": ["f0","f1","f2"], "input": "features", "output": "probability", "threshold": 0.5 },
          "thresholds": { "accuracy": { "min": 0.80 }, "rocAuc": { "min": 0.7, "max": 1 } },
          "maxRegression": { "accuracy": 0.02 },
          "latency": { "p95Ms": 10, "rows": 200 },
          "maxArtifactBytes": 104857600,
          "allowUnevaluatedFormats": true,
          "retention": { "keepArchived": 3, "archivedDays": 30, "purgeMode": "archiveTier" },
          "requireUploadIntent": true
        }
        """;

    [Fact]
    public void Parse_FullDocument_ReadsEveryField()
    {
        var policy = ModelPolicyParser.Parse(FullPolicy);

        var evaluation = Assert.IsType<EvaluationSpec>(policy.Evaluation);
        Assert.Equal("credit/eval.csv", evaluation.Dataset);
        Assert.Equal(EvaluationTask.BinaryClassification, evaluation.Task);
        Assert.Equal("label", evaluation.Label);
        Assert.Equal(["f0", "f1", "f2"], evaluation.Features!);
        Assert.Equal("features", evaluation.Input);
        Assert.Equal("probability", evaluation.Output);
        Assert.Equal(0.5, evaluation.Threshold);
        Assert.Equal(new MetricBound(0.80, null), policy.Thresholds![MetricCatalog.Accuracy]);
        Assert.Equal(new MetricBound(0.7, 1), policy.Thresholds[MetricCatalog.RocAuc]);
        Assert.Equal(0.02, policy.MaxRegression![MetricCatalog.Accuracy]);
        Assert.Equal(new LatencyBudget(10, 200), policy.Latency);
        Assert.Equal(104857600, policy.MaxArtifactBytes);
        Assert.True(policy.AllowUnevaluatedFormats);
        Assert.Equal(new RetentionPolicy(3, 30, PurgeMode.ArchiveTier), policy.Retention);
        Assert.True(policy.RequireUploadIntent);
    }

    [Fact]
    public void Serialize_FullDocument_RoundTripsThroughParse()
    {
        var policy = ModelPolicyParser.Parse(FullPolicy);

        var written = ModelPolicyParser.Serialize(policy);
        var reread = ModelPolicyParser.Parse(written);

        Assert.Equal(written, ModelPolicyParser.Serialize(reread));
        Assert.Contains("\"binary-classification\"", written, StringComparison.Ordinal);
        Assert.Contains("\"archiveTier\"", written, StringComparison.Ordinal);
        Assert.Contains("\"maxRegression\"", written, StringComparison.Ordinal);
        Assert.Equal(policy.Evaluation! with { Features = null }, reread.Evaluation! with { Features = null });
        Assert.Equal(policy.Evaluation!.Features!, reread.Evaluation!.Features!);
        Assert.Equal(policy.Thresholds!.OrderBy(p => p.Key), reread.Thresholds!.OrderBy(p => p.Key));
        Assert.Equal(policy.Retention, reread.Retention);
    }

    [Fact]
    public void ModelPolicy_WebDefaultSerializer_RoundTripsAndIsReadableByParse()
    {
        // Stores serialize the policy with plain web defaults (nulls written); Parse must read that back too.
        var web = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        var policy = ModelPolicyParser.Parse(FullPolicy);

        var written = System.Text.Json.JsonSerializer.Serialize(policy, web);
        var deserialized = System.Text.Json.JsonSerializer.Deserialize<ModelPolicy>(written, web)!;
        var parsed = ModelPolicyParser.Parse(written);

        Assert.Equal(ModelPolicyParser.Serialize(policy), ModelPolicyParser.Serialize(deserialized));
        Assert.Equal(ModelPolicyParser.Serialize(policy), ModelPolicyParser.Serialize(parsed));
    }

    [Theory]
    [InlineData(EvaluationTask.BinaryClassification, "binary-classification")]
    [InlineData(EvaluationTask.MulticlassClassification, "multiclass-classification")]
    [InlineData(EvaluationTask.Regression, "regression")]
    public void Serialize_Task_UsesKebabCaseName(EvaluationTask task, string name)
    {
        var policy = new ModelPolicy { Evaluation = new EvaluationSpec("d.csv", task, "y") };

        var written = ModelPolicyParser.Serialize(policy);

        Assert.Contains($"\"task\": \"{name}\"", written, StringComparison.Ordinal);
        Assert.Equal(task, ModelPolicyParser.Parse(written).Evaluation!.Task);
    }

    [Fact]
    public void Parse_EmptyObject_GivesPolicyWithNothingSet()
    {
        var policy = ModelPolicyParser.Parse("{}");

        Assert.Equal(ModelPolicy.Default, policy);
        Assert.False(policy.AllowUnevaluatedFormats);
        Assert.False(policy.RequireUploadIntent);
    }

    [Fact]
    public void Serialize_RequireUploadIntent_IsWrittenAndReadBack()
    {
        var written = ModelPolicyParser.Serialize(new ModelPolicy { RequireUploadIntent = true });

        Assert.Contains("\"requireUploadIntent\": true", written, StringComparison.Ordinal);
        Assert.True(ModelPolicyParser.Parse(written).RequireUploadIntent);
        Assert.Contains("\"requireUploadIntent\": false", ModelPolicyParser.Serialize(ModelPolicy.Default), StringComparison.Ordinal);
    }

    [Fact]
    public void ModelPolicy_StoredBeforeRequireUploadIntent_ReadsAsFalse()
    {
        // Policies saved before the field existed have no member for it: they must keep meaning "not required".
        var web = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);

        var stored = System.Text.Json.JsonSerializer.Deserialize<ModelPolicy>("{\"allowUnevaluatedFormats\": false}", web)!;

        Assert.False(stored.RequireUploadIntent);
    }

    [Fact]
    public void Parse_ExplicitNulls_MeanNotSet()
    {
        var policy = ModelPolicyParser.Parse("""{ "evaluation": null, "latency": null, "maxArtifactBytes": null }""");

        Assert.Equal(ModelPolicy.Default, policy);
    }

    [Fact]
    public void Parse_RegressionPolicy_AcceptsRegressionMetrics()
    {
        var policy = ModelPolicyParser.Parse("""
            { "evaluation": { "dataset": "house/eval.csv", "task": "regression", "label": "price" },
              "thresholds": { "rmse": { "max": 3.5 }, "r2": { "min": 0.6 } },
              "maxRegression": { "mae": 0.1 } }
            """);

        Assert.Equal(EvaluationTask.Regression, policy.Evaluation!.Task);
        Assert.Equal(3.5, policy.Thresholds![MetricCatalog.Rmse].Max);
        Assert.Null(policy.Evaluation.Features);
    }

    [Fact]
    public void Parse_SeveralBadFields_ReportsEveryOne()
    {
        const string json = """
            {
              "evaluation": { "dataset": "../secret.csv", "task": "ranking", "features": ["a", "a"], "colour": "red" },
              "thresholds": { "auc": { "min": 0.9 }, "accuracy": { "min": 0.9, "max": 0.8 } },
              "maxRegression": { "accuracy": -0.1 },
              "latency": { "p95Ms": 0, "rows": 0 },
              "maxArtifactBytes": -5,
              "retention": { "keepArchived": -1, "purgeMode": "shred" },
              "owner": "team-x"
            }
            """;

        var exception = Assert.Throws<PolicyValidationException>(() => ModelPolicyParser.Parse(json));

        Assert.Equal(
            [
                "owner",
                "evaluation.colour",
                "evaluation.dataset",
                "evaluation.task",
                "evaluation.label",
                "evaluation.features[1]",
                "thresholds.auc",
                "thresholds.accuracy",
                "maxRegression.accuracy",
                "latency.p95Ms",
                "latency.rows",
                "maxArtifactBytes",
                "retention.keepArchived",
                "retention.purgeMode",
            ],
            exception.Errors.Select(e => e.Field));
        Assert.Contains("14 errors", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"evaluation\": ")]
    [InlineData("{ 'a': 1 }")]
    [InlineData("[1, 2]")]
    [InlineData("null")]
    [InlineData("{ \"maxArtifactBytes\": 1, \"maxArtifactBytes\": 2 }")]
    public void Parse_MalformedOrNonObjectDocument_ReportsOneErrorAtRoot(string json)
    {
        var exception = Assert.Throws<PolicyValidationException>(() => ModelPolicyParser.Parse(json));

        var error = Assert.Single(exception.Errors);
        Assert.Equal("$", error.Field);
    }

    [Theory]
    // Unknown fields, at every level.
    [InlineData("{'owner': 'x'}", "owner")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y', 'datset': 'x'}}", "evaluation.datset")]
    [InlineData("{'latency': {'p95Ms': 10, 'rows': 5, 'p99Ms': 20}}", "latency.p99Ms")]
    [InlineData("{'retention': {'keep': 3}}", "retention.keep")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y'}, 'thresholds': {'rmse': {'max': 1, 'target': 0.5}}}", "thresholds.rmse.target")]
    // Evaluation: required fields, task, dataset, threshold, features.
    [InlineData("{'evaluation': {'task': 'regression', 'label': 'y'}}", "evaluation.dataset")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'label': 'y'}}", "evaluation.task")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression'}}", "evaluation.label")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': ''}}", "evaluation.label")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'ranking', 'label': 'y'}}", "evaluation.task")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'Regression', 'label': 'y'}}", "evaluation.task")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 2, 'label': 'y'}}", "evaluation.task")]
    [InlineData("{'evaluation': {'dataset': '', 'task': 'regression', 'label': 'y'}}", "evaluation.dataset")]
    [InlineData("{'evaluation': {'dataset': '/d.csv', 'task': 'regression', 'label': 'y'}}", "evaluation.dataset")]
    [InlineData("{'evaluation': {'dataset': 'a/../../d.csv', 'task': 'regression', 'label': 'y'}}", "evaluation.dataset")]
    [InlineData("{'evaluation': {'dataset': 'a\\\\..\\\\d.csv', 'task': 'regression', 'label': 'y'}}", "evaluation.dataset")]
    [InlineData("{'evaluation': {'dataset': 'folder/', 'task': 'regression', 'label': 'y'}}", "evaluation.dataset")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'binary-classification', 'label': 'y', 'threshold': 0}}", "evaluation.threshold")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'binary-classification', 'label': 'y', 'threshold': 1}}", "evaluation.threshold")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'binary-classification', 'label': 'y', 'threshold': '0.5'}}", "evaluation.threshold")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y', 'threshold': 0.5}}", "evaluation.threshold")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y', 'features': []}}", "evaluation.features")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y', 'features': 'a'}}", "evaluation.features")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y', 'features': ['']}}", "evaluation.features[0]")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y', 'features': ['a', 'b', 'a']}}", "evaluation.features[2]")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y', 'features': ['a', 'y']}}", "evaluation.features[1]")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y', 'features': [1]}}", "evaluation.features[0]")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y', 'input': ''}}", "evaluation.input")]
    [InlineData("{'evaluation': ['d.csv']}", "evaluation")]
    // Metrics: unknown, not for the task, no evaluation, bad bounds.
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y'}, 'thresholds': {'auc': {'min': 0.5}}}", "thresholds.auc")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y'}, 'maxRegression': {'Accuracy': 0.1}}", "maxRegression.Accuracy")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'binary-classification', 'label': 'y'}, 'thresholds': {'rmse': {'max': 1}}}", "thresholds.rmse")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'multiclass-classification', 'label': 'y'}, 'thresholds': {'f1': {'min': 0.5}}}", "thresholds.f1")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y'}, 'maxRegression': {'accuracy': 0.1}}", "maxRegression.accuracy")]
    [InlineData("{'thresholds': {'accuracy': {'min': 0.8}}}", "thresholds")]
    [InlineData("{'maxRegression': {'accuracy': 0.01}}", "maxRegression")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y'}, 'thresholds': {'rmse': {}}}", "thresholds.rmse")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y'}, 'thresholds': {'r2': {'min': 0.9, 'max': 0.1}}}", "thresholds.r2")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y'}, 'thresholds': {'rmse': 3}}", "thresholds.rmse")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y'}, 'thresholds': {'rmse': {'max': 'NaN'}}}", "thresholds.rmse.max")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y'}, 'maxRegression': {'rmse': -0.5}}", "maxRegression.rmse")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y'}, 'maxRegression': {'rmse': 'NaN'}}", "maxRegression.rmse")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'regression', 'label': 'y'}, 'maxRegression': {'rmse': 1e400}}", "maxRegression.rmse")]
    // Latency, size, retention, flags.
    [InlineData("{'latency': {'p95Ms': 0, 'rows': 10}}", "latency.p95Ms")]
    [InlineData("{'latency': {'p95Ms': -3, 'rows': 10}}", "latency.p95Ms")]
    [InlineData("{'latency': {'rows': 10}}", "latency.p95Ms")]
    [InlineData("{'latency': {'p95Ms': 10, 'rows': 0}}", "latency.rows")]
    [InlineData("{'latency': {'p95Ms': 10, 'rows': 100001}}", "latency.rows")]
    [InlineData("{'latency': {'p95Ms': 10, 'rows': 2.5}}", "latency.rows")]
    [InlineData("{'latency': {'p95Ms': 10}}", "latency.rows")]
    [InlineData("{'maxArtifactBytes': 0}", "maxArtifactBytes")]
    [InlineData("{'maxArtifactBytes': '100'}", "maxArtifactBytes")]
    [InlineData("{'allowUnevaluatedFormats': 'yes'}", "allowUnevaluatedFormats")]
    [InlineData("{'requireUploadIntent': 'true'}", "requireUploadIntent")]
    [InlineData("{'requireUploadIntent': 1}", "requireUploadIntent")]
    [InlineData("{'requireUploadIntents': true}", "requireUploadIntents")]
    [InlineData("{'retention': {'keepArchived': -1}}", "retention.keepArchived")]
    [InlineData("{'retention': {'keepArchived': 0, 'archivedDays': 0}}", "retention.keepArchived")]
    [InlineData("{'retention': {'archivedDays': -1}}", "retention.archivedDays")]
    [InlineData("{'retention': {'purgeMode': 'shred'}}", "retention.purgeMode")]
    [InlineData("{'retention': 30}", "retention")]
    public void Parse_InvalidField_ReportsItByName(string json, string field)
    {
        var exception = Assert.Throws<PolicyValidationException>(() => ModelPolicyParser.Parse(json.Replace('\'', '"')));

        Assert.Contains(exception.Errors, e => e.Field == field);
        Assert.All(exception.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Theory]
    [InlineData("{'latency': {'p95Ms': 0.5, 'rows': 1}}")]
    [InlineData("{'latency': {'p95Ms': 10, 'rows': 100000}}")]
    [InlineData("{'retention': {'keepArchived': 1, 'archivedDays': 0, 'purgeMode': 'delete'}}")]
    [InlineData("{'evaluation': {'dataset': 'a/b/c..d.csv', 'task': 'multiclass-classification', 'label': 'y'}, 'thresholds': {'macroF1': {'min': 0.5, 'max': 0.5}}}")]
    [InlineData("{'evaluation': {'dataset': 'd.csv', 'task': 'binary-classification', 'label': 'y', 'threshold': 0.01}, 'maxRegression': {'rocAuc': 0}}")]
    [InlineData("{'Latency': {'P95Ms': 10, 'rows': 5}}")]
    public void Parse_BoundaryValues_AreAccepted(string json)
    {
        var policy = ModelPolicyParser.Parse(json.Replace('\'', '"'));

        Assert.NotNull(policy);
    }

    [Fact]
    public void Parse_DatasetNameAtLengthLimit_IsAcceptedAndOneLongerRefused()
    {
        static string Json(int length) =>
            $$"""{ "evaluation": { "dataset": "{{new string('d', length)}}", "task": "regression", "label": "y" } }""";

        Assert.Equal(1024, ModelPolicyParser.Parse(Json(1024)).Evaluation!.Dataset.Length);
        var exception = Assert.Throws<PolicyValidationException>(() => ModelPolicyParser.Parse(Json(1025)));
        Assert.Equal("evaluation.dataset", Assert.Single(exception.Errors).Field);
    }

    [Theory]
    [InlineData("""{"latency": {"p95Ms": 10, "P95MS": 20, "rows": 5}}""", "latency")]
    [InlineData("""{"Retention": {"keepArchived": 1}, "retention": {"keepArchived": 2}}""", "$")]
    public void Parse_MembersDifferingOnlyByCase_AreRefused(string json, string field)
    {
        var exception = Assert.Throws<PolicyValidationException>(() => ModelPolicyParser.Parse(json));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MemberNamesInAnotherCase_AreRead()
    {
        var policy = ModelPolicyParser.Parse("""{"Latency": {"P95Ms": 10, "ROWS": 5}}""");

        Assert.Equal(new LatencyBudget(10, 5), policy.Latency);
    }

    [Fact]
    public void PolicyValidationException_IsAPipelineException()
    {
        var exception = Assert.Throws<PolicyValidationException>(() => ModelPolicyParser.Parse("{'x': 1}".Replace('\'', '"')));

        Assert.IsAssignableFrom<Pipeline.Core.Errors.PipelineException>(exception);
    }
}
