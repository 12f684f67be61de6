using Pipeline.Core.Access;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Tests.Access;

public sealed class AccessRulesTests
{
    // Every guarded action and the one role that allows it.
    public static TheoryData<PipelineAction, PipelineRole> GuardedActions { get; } = new()
    {
        { PipelineAction.CreateUploadIntent, PipelineRole.Uploader },
        { PipelineAction.RegisterVersion, PipelineRole.Uploader },
        { PipelineAction.EditCatalog, PipelineRole.Uploader },
        { PipelineAction.RequestTransition, PipelineRole.Uploader },
        { PipelineAction.Approve, PipelineRole.Approver },
        { PipelineAction.Reject, PipelineRole.Approver },
        { PipelineAction.ReplacePolicy, PipelineRole.Owner },
        { PipelineAction.Retest, PipelineRole.Operator },
        { PipelineAction.Rollback, PipelineRole.Operator },
        { PipelineAction.RunCleanup, PipelineRole.Operator },
    };

    [Theory]
    [MemberData(nameof(GuardedActions))]
    public void RequiredRole_GuardedAction_IsItsRole(PipelineAction action, PipelineRole role)
    {
        Assert.Equal(role, AccessRules.RequiredRole(action));
    }

    [Fact]
    public void RequiredRole_Read_IsNone()
    {
        Assert.Null(AccessRules.RequiredRole(PipelineAction.Read));
    }

    [Fact]
    public void RequiredRole_EveryAction_IsDecidedHereOrIsARead()
    {
        var listed = GuardedActions.Select(row => (PipelineAction)row[0]).Append(PipelineAction.Read);

        Assert.Equal(Enum.GetValues<PipelineAction>().Order(), listed.Order());
    }

    [Theory]
    [MemberData(nameof(GuardedActions))]
    public void Demand_CallerWithoutTheRole_IsDeniedNamingTheRole(PipelineAction action, PipelineRole role)
    {
        var others = PipelineRoles.All.Where(r => r != role).ToHashSet();

        var denied = Assert.Throws<AccessDeniedException>(() => AccessRules.Demand(CallerWith(others), action));

        Assert.Equal(role, denied.RequiredRole);
        Assert.Equal(action, denied.Action);
        Assert.Contains(PipelineRoles.ClaimValue(role), denied.Message, StringComparison.Ordinal);
        Assert.Contains("'ann'", denied.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PipelineAction.Approve, PipelineRole.Approver)]
    [InlineData(PipelineAction.ReplacePolicy, PipelineRole.Owner)]
    [InlineData(PipelineAction.Rollback, PipelineRole.Operator)]
    [InlineData(PipelineAction.RegisterVersion, PipelineRole.Uploader)]
    public void Demand_CallerWithTheRole_IsAllowed(PipelineAction action, PipelineRole role)
    {
        AccessRules.Demand(CallerWith(new HashSet<PipelineRole> { role }), action);
    }

    [Fact]
    public void Demand_ReadWithoutRoles_IsAllowed()
    {
        AccessRules.Demand(CallerWith(new HashSet<PipelineRole>()), PipelineAction.Read);
    }

    [Fact]
    public void Demand_ApproverAskingToRollBack_IsDenied()
    {
        // Roles do not stack: approving does not let a caller run the emergency path.
        Assert.Throws<AccessDeniedException>(() => AccessRules.Demand(CallerWith(new HashSet<PipelineRole> { PipelineRole.Approver }), PipelineAction.Rollback));
    }

    [Fact]
    public void ClaimValue_EachRole_IsPipelineDotName()
    {
        Assert.Equal(
            ["Pipeline.Uploader", "Pipeline.Approver", "Pipeline.Owner", "Pipeline.Operator"],
            Enum.GetValues<PipelineRole>().Select(PipelineRoles.ClaimValue));
    }

    [Fact]
    public void FromClaimValues_KnownAndForeignValues_KeepsOnlyPipelineRoles()
    {
        var roles = PipelineRoles.FromClaimValues(["Pipeline.Approver", "Other.App.Admin", " Pipeline.Operator "]);

        Assert.Equal(new HashSet<PipelineRole> { PipelineRole.Approver, PipelineRole.Operator }, roles);
    }

    [Theory]
    [InlineData("pipeline.approver")]
    [InlineData("Approver")]
    [InlineData("Pipeline.")]
    [InlineData("")]
    public void FromClaimValues_NotExactlyARoleValue_GrantsNothing(string value)
    {
        Assert.Empty(PipelineRoles.FromClaimValues([value]));
    }

    private static Caller CallerWith(IReadOnlySet<PipelineRole> roles) => new("tenant/ann-oid", "ann", roles);
}
