using System.Text.Json.Serialization;

namespace Pipeline.Core.Staging;

/// <summary>How one staging check ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckOutcome>))]
public enum CheckOutcome
{
    /// <summary>The check ran and the version met it.</summary>
    [JsonStringEnumMemberName("passed")]
    Passed,

    /// <summary>The check ran and the version did not meet it.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>The check did not apply.</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,
}
