using System.Text.Json.Serialization;

namespace Pipeline.Core.Approvals;

/// <summary>Where production's value of a metric comes from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricBasis>))]
public enum MetricBasis
{
    /// <summary>The champion/challenger check scored production on the same data in the same round: a like-for-like comparison.</summary>
    [JsonStringEnumMemberName("sameData")]
    SameData,

    /// <summary>Production's own staging evaluation, when it was tested (the dataset may have changed since).</summary>
    [JsonStringEnumMemberName("productionRound")]
    ProductionRound,

    /// <summary>Production's value is not known (no production version, or it was not evaluated on this metric).</summary>
    [JsonStringEnumMemberName("none")]
    None,
}
