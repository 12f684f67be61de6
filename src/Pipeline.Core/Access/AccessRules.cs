using Pipeline.Core.Errors;

namespace Pipeline.Core.Access;

/// <summary>Who may do what: the role each <see cref="PipelineAction"/> needs.</summary>
public static class AccessRules
{
    /// <summary>The role <paramref name="action"/> needs, or null when any verified caller may do it.</summary>
    public static PipelineRole? RequiredRole(PipelineAction action) => action switch
    {
        PipelineAction.Read => null,
        PipelineAction.CreateUploadIntent or PipelineAction.RegisterVersion or PipelineAction.EditCatalog or PipelineAction.RequestTransition => PipelineRole.Uploader,
        PipelineAction.Approve or PipelineAction.Reject => PipelineRole.Approver,
        PipelineAction.ReplacePolicy => PipelineRole.Owner,
        PipelineAction.Retest or PipelineAction.Rollback or PipelineAction.RunCleanup => PipelineRole.Operator,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown action."),
    };

    /// <summary>Throws unless <paramref name="caller"/> may do <paramref name="action"/>.</summary>
    /// <exception cref="AccessDeniedException">The caller lacks the role the action needs.</exception>
    public static void Demand(Caller caller, PipelineAction action)
    {
        if (RequiredRole(action) is { } role && !caller.Holds(role))
        {
            throw new AccessDeniedException(caller.Name, action, role);
        }
    }
}
