using Pipeline.Core.Registry;

namespace Pipeline.Core.Events;

/// <summary>
/// Which history entries are also events out. Events are derived from the history rather than raised
/// beside it, so the store writes each with its entry, in the same transaction as the change: a change
/// is never told without having happened, nor happens without being told.
/// </summary>
public static class PipelineEvents
{
    /// <summary>The event type <paramref name="action"/> is reported as, or null when it is not an event.</summary>
    public static PipelineEventType? TypeOf(HistoryAction action) => action switch
    {
        HistoryAction.Registered => PipelineEventType.Registered,
        HistoryAction.TestsFailed or HistoryAction.PromotionRefused or HistoryAction.WorkflowEnded => PipelineEventType.TestsFailed,
        HistoryAction.TestsPassed => PipelineEventType.AwaitingApproval,
        HistoryAction.Reminded => PipelineEventType.Reminder,
        HistoryAction.Escalated => PipelineEventType.Escalated,
        HistoryAction.ApprovalRecorded => PipelineEventType.Approved,
        HistoryAction.Rejected => PipelineEventType.Rejected,
        HistoryAction.ApprovalExpired => PipelineEventType.Expired,
        HistoryAction.Promoted => PipelineEventType.Promoted,
        HistoryAction.Archived => PipelineEventType.Archived,
        HistoryAction.RolledBack => PipelineEventType.RolledBack,
        HistoryAction.Purged => PipelineEventType.Purged,
        _ => null,
    };

    /// <summary>The event <paramref name="entry"/> reports, with a new id, or null when it reports none.</summary>
    public static PipelineEvent? For(HistoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Version is not null && TypeOf(entry.Action) is { } type
            ? new PipelineEvent(Guid.NewGuid().ToString("N"), type, entry.Model, entry.Version, entry.At, entry.Actor, entry.Reason, entry.To, entry.Recipients)
            : null;
    }
}
