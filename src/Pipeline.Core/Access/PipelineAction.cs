namespace Pipeline.Core.Access;

/// <summary>What a caller asks of the pipeline; <see cref="AccessRules"/> says which role each needs.</summary>
public enum PipelineAction
{
    /// <summary>Read models, versions, reports, policies, history and rejected uploads.</summary>
    Read,

    /// <summary>Ask for a place to upload a new version to.</summary>
    CreateUploadIntent,

    /// <summary>Register a version through the API.</summary>
    RegisterVersion,

    /// <summary>Create a model, or change what its owners keep beside the gate: descriptions, tags, aliases.</summary>
    EditCatalog,

    /// <summary>Ask approvers to move a version to production (a transition request).</summary>
    RequestTransition,

    /// <summary>Approve a tested version for production.</summary>
    Approve,

    /// <summary>Reject a tested version.</summary>
    Reject,

    /// <summary>Replace a model's policy.</summary>
    ReplacePolicy,

    /// <summary>Run a version's staging tests again.</summary>
    Retest,

    /// <summary>Put an archived version back into production.</summary>
    Rollback,

    /// <summary>Run the archive cleanup now.</summary>
    RunCleanup,
}
