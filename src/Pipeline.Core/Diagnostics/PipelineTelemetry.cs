using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pipeline.Core.Diagnostics;

/// <summary>
/// The pipeline's own traces and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>. Plain System.Diagnostics: the hosts decide whether and where they are exported.
/// </summary>
public static class PipelineTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Pipeline";

    /// <summary>The spans: one per activity execution, per staging check, per staging run.</summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>The instruments below.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Versions registered from an upload or a source.</summary>
    public static readonly Counter<long> VersionsRegistered = Meter.CreateCounter<long>("pipeline.versions.registered", "{version}", "Versions registered.");

    /// <summary>Rounds that ended, by <see cref="Attributes.RoundOutcome"/>.</summary>
    public static readonly Counter<long> RoundsCompleted = Meter.CreateCounter<long>("pipeline.rounds.completed", "{round}", "Test rounds that ended, by outcome.");

    /// <summary>From the start of the human wait to the decision that settled it (or its expiry).</summary>
    public static readonly Histogram<double> ApprovalWait = Meter.CreateHistogram<double>("pipeline.approval.wait.duration", "s", "Time a version waited for a decision.");

    /// <summary>From registration to promotion.</summary>
    public static readonly Histogram<double> TimeToProduction = Meter.CreateHistogram<double>("pipeline.version.time_to_production", "s", "Time from registration to production.");

    /// <summary>How long each staging check ran, by check name and outcome.</summary>
    public static readonly Histogram<double> CheckDuration = Meter.CreateHistogram<double>("pipeline.check.duration", "s", "Duration of one staging check.");

    /// <summary>Archived versions purged by the cleanup.</summary>
    public static readonly Counter<long> CleanupPurges = Meter.CreateCounter<long>("pipeline.cleanup.purges", "{version}", "Archived versions purged by the cleanup.");

    /// <summary>Webhook deliveries attempted, by <see cref="Attributes.Outcome"/>.</summary>
    public static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>("pipeline.webhook.deliveries", "{delivery}", "Webhook deliveries attempted, by outcome.");

    /// <summary>The attribute names the spans and instruments use.</summary>
    public static class Attributes
    {
        /// <summary>The model.</summary>
        public const string Model = "pipeline.model";

        /// <summary>The version label.</summary>
        public const string Version = "pipeline.version";

        /// <summary>The round (attempt) number.</summary>
        public const string Attempt = "pipeline.attempt";

        /// <summary>The durable orchestration instance id: the same on every span of one version round.</summary>
        public const string InstanceId = "pipeline.instance_id";

        /// <summary>The activity's name.</summary>
        public const string ActivityName = "pipeline.activity.name";

        /// <summary>The check's name.</summary>
        public const string CheckName = "pipeline.check.name";

        /// <summary>The check's outcome: passed, failed or skipped.</summary>
        public const string CheckOutcome = "pipeline.check.outcome";

        /// <summary>How a round ended: tests_failed, approved, rejected, expired.</summary>
        public const string RoundOutcome = "pipeline.round.outcome";

        /// <summary>A generic outcome: the activity's result, or a delivery's success or failure.</summary>
        public const string Outcome = "pipeline.outcome";
    }
}
