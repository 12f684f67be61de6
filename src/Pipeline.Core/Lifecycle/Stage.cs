using System.Text.Json.Serialization;

namespace Pipeline.Core.Lifecycle;

/// <summary>Where a model version stands in its life.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Stage>))]
public enum Stage
{
    /// <summary>Registered and under test or review; not served.</summary>
    Staging,

    /// <summary>The version to serve. At most one per model.</summary>
    Production,

    /// <summary>Replaced by a newer production version.</summary>
    Archived,
}
