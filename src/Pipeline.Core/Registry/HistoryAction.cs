using System.Text.Json.Serialization;

namespace Pipeline.Core.Registry;

/// <summary>
/// What a <see cref="HistoryEntry"/> records. Each member's JSON name is what the API shows and what the
/// registry table stores, so the names are a contract: rename a member freely, never its JSON name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<HistoryAction>))]
public enum HistoryAction
{
    /// <summary>An upload became a new version.</summary>
    [JsonStringEnumMemberName("registered")]
    Registered,

    /// <summary>A round of staging tests started.</summary>
    [JsonStringEnumMemberName("testsStarted")]
    TestsStarted,

    /// <summary>Every staging check passed; the version awaits approval.</summary>
    [JsonStringEnumMemberName("testsPassed")]
    TestsPassed,

    /// <summary>A staging check failed.</summary>
    [JsonStringEnumMemberName("testsFailed")]
    TestsFailed,

    /// <summary>An approved version became production.</summary>
    [JsonStringEnumMemberName("promoted")]
    Promoted,

    /// <summary>An approved version was not promoted: its artifact changed after it was tested.</summary>
    [JsonStringEnumMemberName("promotionRefused")]
    PromotionRefused,

    /// <summary>The production version was replaced and archived.</summary>
    [JsonStringEnumMemberName("archived")]
    Archived,

    /// <summary>A person rejected the version.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,

    /// <summary>Nobody approved or rejected the version in time.</summary>
    [JsonStringEnumMemberName("approvalExpired")]
    ApprovalExpired,

    /// <summary>An archived version was restored to production without approval.</summary>
    [JsonStringEnumMemberName("rolledBack")]
    RolledBack,

    /// <summary>Retention deleted or moved an archived version's artifact.</summary>
    [JsonStringEnumMemberName("purged")]
    Purged,

    /// <summary>The model's policy document was replaced.</summary>
    [JsonStringEnumMemberName("policyChanged")]
    PolicyChanged,

    /// <summary>A round's workflow ended (failed or was terminated) before the round did; the round was closed as failed.</summary>
    [JsonStringEnumMemberName("workflowEnded")]
    WorkflowEnded,

    /// <summary>An approval was refused before it reached the workflow (the approver uploaded the version); the wait goes on.</summary>
    [JsonStringEnumMemberName("approvalRefused")]
    ApprovalRefused,

    /// <summary>An approval was recorded; the entry says whether it settled the round ("approval 1 of 2").</summary>
    [JsonStringEnumMemberName("approvalRecorded")]
    ApprovalRecorded,

    /// <summary>A rejection was recorded; the workflow rejects the version next.</summary>
    [JsonStringEnumMemberName("rejectionRecorded")]
    RejectionRecorded,

    /// <summary>A reminder that the version still waits for a decision (the policy's <c>approval.reminders</c>).</summary>
    [JsonStringEnumMemberName("reminded")]
    Reminded,

    /// <summary>The version waited past the policy's <c>approval.escalateAfter</c>; the entry names who it was escalated to.</summary>
    [JsonStringEnumMemberName("escalated")]
    Escalated,

    /// <summary>A version created through the MLflow API could not be registered: its source could not be read.</summary>
    [JsonStringEnumMemberName("registrationFailed")]
    RegistrationFailed,

    /// <summary>Someone asked for the version to be moved to another stage (an MLflow transition request); approvers see it in their inbox.</summary>
    [JsonStringEnumMemberName("transitionRequested")]
    TransitionRequested,

    /// <summary>A signal reached the workflow that matches no recorded decision (raised around the API); it was ignored and the wait goes on.</summary>
    [JsonStringEnumMemberName("decisionIgnored")]
    DecisionIgnored,
}
