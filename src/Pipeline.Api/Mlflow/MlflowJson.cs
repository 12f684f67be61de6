using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Api.Mlflow;

/// <summary>The JSON of the MLflow routes: MLflow's snake_case field names; absent values are left out, as MLflow's server does.</summary>
public static class MlflowJson
{
    /// <summary>The shared options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
