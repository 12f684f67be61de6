using System.Text.Json.Serialization;

namespace Pipeline.Core.Policies;

/// <summary>What a model predicts, which decides how its outputs are scored and which metrics apply.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EvaluationTask>))]
public enum EvaluationTask
{
    /// <summary>One score per row: the probability of the positive class (label 1).</summary>
    [JsonStringEnumMemberName("binary-classification")]
    BinaryClassification,

    /// <summary>One score per class per row; the prediction is the class with the highest score.</summary>
    [JsonStringEnumMemberName("multiclass-classification")]
    MulticlassClassification,

    /// <summary>One real-valued prediction per row.</summary>
    [JsonStringEnumMemberName("regression")]
    Regression,
}
