using System.Text.Json.Serialization;

namespace Pipeline.Core.Lifecycle;

/// <summary>The finer status of a version while it is in <see cref="Stage.Staging"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StagingStatus>))]
public enum StagingStatus
{
    /// <summary>Recorded from its upload; tests not yet started.</summary>
    Registered,

    /// <summary>Staging tests are running.</summary>
    Testing,

    /// <summary>At least one staging test failed; can be retested.</summary>
    TestsFailed,

    /// <summary>Tests passed; waiting for a human decision.</summary>
    AwaitingApproval,

    /// <summary>A human rejected it.</summary>
    Rejected,

    /// <summary>Nobody decided in time; can be retested.</summary>
    ApprovalExpired,
}
