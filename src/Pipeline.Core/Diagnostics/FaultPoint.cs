namespace Pipeline.Core.Diagnostics;

/// <summary>
/// The named places where <see cref="FaultPoints"/> can end the process, each between two writes whose gap a
/// crash must not break: the recovery tests kill the runtime exactly there.
/// </summary>
public static class FaultPoint
{
    /// <summary>An activity has made its writes (registry rows, history) and has not returned yet; where: the activity, the model.</summary>
    public const string AfterRegistryWrite = "after-registry-write";

    /// <summary>A test round's report blob is written and its outcome not yet recorded; where: the model.</summary>
    public const string AfterStagingReport = "after-staging-report";

    /// <summary>A purge has marked the version (row and history) and not yet deleted or moved its blob; where: the model.</summary>
    public const string AfterPurgeMark = "after-purge-mark";

    /// <summary>An approve or reject is recorded and the waiting workflow not yet signalled; where: approve or reject, the model.</summary>
    public const string AfterDecisionRecord = "after-decision-record";

    /// <summary>An outgoing event was delivered and not yet marked delivered in the outbox; where: the model.</summary>
    public const string AfterEventDelivery = "after-event-delivery";

    /// <summary>Every point, as the setting names them.</summary>
    public static readonly IReadOnlyList<string> All = [AfterRegistryWrite, AfterStagingReport, AfterPurgeMark, AfterDecisionRecord, AfterEventDelivery];
}
