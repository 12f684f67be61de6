namespace Pipeline.Core.Access;

/// <summary>
/// The app roles a caller can hold. Each is granted as an Entra app role whose value is
/// <c>Pipeline.{name}</c> (see <see cref="PipelineRoles"/>); what each allows is in <see cref="AccessRules"/>.
/// </summary>
public enum PipelineRole
{
    /// <summary>Puts new versions into the pipeline (upload intents, registration through the API).</summary>
    Uploader,

    /// <summary>Decides whether a tested version goes to production: approve, reject.</summary>
    Approver,

    /// <summary>Owns a model's gates: replaces its policy.</summary>
    Owner,

    /// <summary>Runs the pipeline: retest, rollback, the archive cleanup.</summary>
    Operator,
}
