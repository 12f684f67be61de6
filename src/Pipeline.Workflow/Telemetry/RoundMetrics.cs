using Pipeline.Core.Diagnostics;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;

namespace Pipeline.Workflow.Telemetry;

/// <summary>
/// Records how rounds end on the <see cref="PipelineTelemetry.Meter"/>, from the version as the activity that ended
/// the round left it. Activities run at least once: a retried one records again, so counts are at-least-once.
/// </summary>
internal static class RoundMetrics
{
    /// <summary>Records the end of a round (tests failed, promoted, rejected, expired), if it ended; returns the version.</summary>
    public static ModelVersion Recorded(ModelVersion version)
    {
        var outcome = version.State switch
        {
            VersionState.TestsFailed => "tests_failed",
            VersionState.Production => "approved",
            VersionState.Rejected => "rejected",
            VersionState.ApprovalExpired => "expired",
            _ => null,
        };
        if (outcome is null)
        {
            return version;
        }

        var model = new KeyValuePair<string, object?>(PipelineTelemetry.Attributes.Model, version.Model);
        PipelineTelemetry.RoundsCompleted.Add(1, model, new KeyValuePair<string, object?>(PipelineTelemetry.Attributes.RoundOutcome, outcome));
        if (version.AwaitingSince is { } since && outcome is not "tests_failed")
        {
            var decided = version.PromotedAt ?? version.UpdatedAt;
            PipelineTelemetry.ApprovalWait.Record((decided - since).TotalSeconds, model, new KeyValuePair<string, object?>(PipelineTelemetry.Attributes.RoundOutcome, outcome));
        }

        if (version.State == VersionState.Production && version.PromotedAt is { } promoted)
        {
            PipelineTelemetry.TimeToProduction.Record((promoted - version.RegisteredAt).TotalSeconds, model);
        }

        return version;
    }
}
