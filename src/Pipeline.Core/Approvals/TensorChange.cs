using System.Text.Json.Serialization;

namespace Pipeline.Core.Approvals;

/// <summary>How one input or output differs from production's.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TensorChange>))]
public enum TensorChange
{
    /// <summary>Same name, type and shape.</summary>
    [JsonStringEnumMemberName("unchanged")]
    Unchanged,

    /// <summary>Only the version has it.</summary>
    [JsonStringEnumMemberName("added")]
    Added,

    /// <summary>Only production has it.</summary>
    [JsonStringEnumMemberName("removed")]
    Removed,

    /// <summary>Both have it, with a different type or shape.</summary>
    [JsonStringEnumMemberName("changed")]
    Changed,
}
