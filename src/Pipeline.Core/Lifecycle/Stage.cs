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

/// <summary>
/// The full state of a version: every staging status, plus production and archived.
/// One enum so that the lifecycle has one table of legal transitions.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<VersionState>))]
public enum VersionState
{
    /// <summary>Staging: recorded from its upload.</summary>
    Registered,

    /// <summary>Staging: tests running.</summary>
    Testing,

    /// <summary>Staging: tests failed.</summary>
    TestsFailed,

    /// <summary>Staging: waiting for approval.</summary>
    AwaitingApproval,

    /// <summary>Staging: rejected by a human.</summary>
    Rejected,

    /// <summary>Staging: the approval wait timed out.</summary>
    ApprovalExpired,

    /// <summary>Production.</summary>
    Production,

    /// <summary>Archived.</summary>
    Archived,
}
