using Pipeline.Core.Access;

namespace Pipeline.Core.Errors;

/// <summary>A verified caller asked for something its roles do not allow.</summary>
public sealed class AccessDeniedException : PipelineException
{
    /// <summary>Creates the exception naming the role that was missing.</summary>
    public AccessDeniedException(string caller, PipelineAction action, PipelineRole requiredRole)
        : base($"'{caller}' may not {Describe(action)}: that needs the {PipelineRoles.ClaimValue(requiredRole)} role.")
    {
        Action = action;
        RequiredRole = requiredRole;
    }

    /// <summary>What was asked.</summary>
    public PipelineAction Action { get; }

    /// <summary>The role it needs.</summary>
    public PipelineRole RequiredRole { get; }

    private static string Describe(PipelineAction action) => action switch
    {
        PipelineAction.CreateUploadIntent => "create an upload intent",
        PipelineAction.RegisterVersion => "register a version",
        PipelineAction.Approve => "approve a version",
        PipelineAction.Reject => "reject a version",
        PipelineAction.ReplacePolicy => "replace a model's policy",
        PipelineAction.Retest => "retest a version",
        PipelineAction.Rollback => "roll back a model",
        PipelineAction.RunCleanup => "run the archive cleanup",
        _ => action.ToString(),
    };
}
