using System.Text.Json.Serialization;

namespace Pipeline.Core.Lifecycle;

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

    /// <summary>
    /// Staging: never became a version to test, because the source it was to be registered from could not be read
    /// (a version created through the MLflow API). Final: the version keeps its number and the reason.
    /// </summary>
    RegistrationFailed,

    /// <summary>Production.</summary>
    Production,

    /// <summary>Archived.</summary>
    Archived,
}
