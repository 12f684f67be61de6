using System.Text.Json.Serialization;

namespace Pipeline.Core.Events;

/// <summary>What an event out reports; its CloudEvents type is <c>pipeline.version.{name}</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PipelineEventType>))]
public enum PipelineEventType
{
    /// <summary>A version was registered from an upload.</summary>
    [JsonStringEnumMemberName("registered")]
    Registered,

    /// <summary>A round of staging tests failed (or stopped, or its workflow ended, or promotion found the artifact changed).</summary>
    [JsonStringEnumMemberName("testsFailed")]
    TestsFailed,

    /// <summary>A version passed its staging tests and waits for a decision.</summary>
    [JsonStringEnumMemberName("awaitingApproval")]
    AwaitingApproval,

    /// <summary>A version still waits for a decision: a reminder from the policy's <c>approval.reminders</c>.</summary>
    [JsonStringEnumMemberName("reminder")]
    Reminder,

    /// <summary>A version has waited past the policy's <c>approval.escalateAfter</c>.</summary>
    [JsonStringEnumMemberName("escalated")]
    Escalated,

    /// <summary>An approval was recorded (it may be one of several required).</summary>
    [JsonStringEnumMemberName("approved")]
    Approved,

    /// <summary>A version was rejected.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,

    /// <summary>Nobody decided before the deadline.</summary>
    [JsonStringEnumMemberName("expired")]
    Expired,

    /// <summary>A version became production.</summary>
    [JsonStringEnumMemberName("promoted")]
    Promoted,

    /// <summary>A version left production.</summary>
    [JsonStringEnumMemberName("archived")]
    Archived,

    /// <summary>An archived version was put back into production.</summary>
    [JsonStringEnumMemberName("rolledBack")]
    RolledBack,

    /// <summary>An archived version's artifact was purged by retention.</summary>
    [JsonStringEnumMemberName("purged")]
    Purged,
}
