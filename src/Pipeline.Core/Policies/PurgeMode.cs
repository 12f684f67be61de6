using System.Text.Json.Serialization;

namespace Pipeline.Core.Policies;

/// <summary>What retention does with an archived version's artifact once it is out of the retention window.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PurgeMode>))]
public enum PurgeMode
{
    /// <summary>Delete the artifact blob.</summary>
    [JsonStringEnumMemberName("delete")]
    Delete,

    /// <summary>Keep the artifact but move it to the archive access tier.</summary>
    [JsonStringEnumMemberName("archiveTier")]
    ArchiveTier,
}
