using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;

namespace Pipeline.Core.Tests;

public sealed class LifecycleTransitionsTests
{
    public static TheoryData<VersionState, VersionState> Legal => new()
    {
        { VersionState.Registered, VersionState.Testing },
        { VersionState.Testing, VersionState.AwaitingApproval },
        { VersionState.Testing, VersionState.TestsFailed },
        { VersionState.TestsFailed, VersionState.Testing },
        { VersionState.ApprovalExpired, VersionState.Testing },
        { VersionState.AwaitingApproval, VersionState.Production },
        { VersionState.AwaitingApproval, VersionState.Rejected },
        { VersionState.AwaitingApproval, VersionState.ApprovalExpired },
        { VersionState.AwaitingApproval, VersionState.TestsFailed },
        { VersionState.Production, VersionState.Archived },
        { VersionState.Archived, VersionState.Production },
    };

    [Theory]
    [MemberData(nameof(Legal))]
    public void Ensure_LegalTransition_DoesNotThrow(VersionState from, VersionState to)
    {
        Assert.True(LifecycleTransitions.IsAllowed(from, to));
        LifecycleTransitions.Ensure(from, to);
    }

    [Fact]
    public void Table_HoldsExactlyTheLegalTransitions()
    {
        var legal = Legal.Select(row => ((VersionState)row[0], (VersionState)row[1])).ToHashSet();
        foreach (var from in Enum.GetValues<VersionState>())
        {
            foreach (var to in Enum.GetValues<VersionState>())
            {
                Assert.Equal(legal.Contains((from, to)), LifecycleTransitions.IsAllowed(from, to));
            }
        }
    }

    [Theory]
    [InlineData(VersionState.Testing, VersionState.Production)]
    [InlineData(VersionState.TestsFailed, VersionState.Production)]
    [InlineData(VersionState.Registered, VersionState.Production)]
    [InlineData(VersionState.Rejected, VersionState.Production)]
    [InlineData(VersionState.Rejected, VersionState.Testing)]
    public void Ensure_UntestedOrUnapprovedToProduction_Throws(VersionState from, VersionState to)
    {
        var error = Assert.Throws<IllegalTransitionException>(() => LifecycleTransitions.Ensure(from, to));
        Assert.Equal(from, error.From);
        Assert.Equal(to, error.To);
    }

    [Theory]
    [InlineData(VersionState.TestsFailed, Stage.Staging, VersionState.TestsFailed)]
    [InlineData(VersionState.AwaitingApproval, Stage.Staging, VersionState.AwaitingApproval)]
    [InlineData(VersionState.Production, Stage.Production, null)]
    [InlineData(VersionState.Archived, Stage.Archived, null)]
    public void VersionStates_MapOntoStageAndStatus(VersionState state, Stage stage, VersionState? status)
    {
        Assert.Equal(stage, VersionStates.StageOf(state));
        Assert.Equal(status, VersionStates.StatusOf(state));
    }

    [Theory]
    [InlineData(VersionAction.Approve, VersionState.AwaitingApproval, true)]
    [InlineData(VersionAction.Approve, VersionState.Testing, false)]
    [InlineData(VersionAction.Approve, VersionState.Production, false)]
    [InlineData(VersionAction.Reject, VersionState.AwaitingApproval, true)]
    [InlineData(VersionAction.Reject, VersionState.Rejected, false)]
    [InlineData(VersionAction.Retest, VersionState.TestsFailed, true)]
    [InlineData(VersionAction.Retest, VersionState.ApprovalExpired, true)]
    [InlineData(VersionAction.Retest, VersionState.AwaitingApproval, false)]
    [InlineData(VersionAction.Retest, VersionState.Rejected, false)]
    public void VersionActions_AllowOnlyFromTheRightState(VersionAction action, VersionState state, bool allowed) =>
        Assert.Equal(allowed, VersionActions.IsAllowed(action, state));

    [Theory]
    [InlineData(VersionState.Testing, false, false)]
    [InlineData(VersionState.Testing, true, true)]
    [InlineData(VersionState.AwaitingApproval, false, false)]
    [InlineData(VersionState.AwaitingApproval, true, true)]
    [InlineData(VersionState.TestsFailed, false, true)]
    [InlineData(VersionState.Registered, true, false)]
    [InlineData(VersionState.Rejected, true, false)]
    [InlineData(VersionState.Production, true, false)]
    public void VersionActions_Retest_AllowedFromAnOpenRoundOnlyOnceItsWorkflowEnded(VersionState state, bool workflowEnded, bool allowed)
    {
        Assert.Equal(allowed, VersionActions.IsAllowed(VersionAction.Retest, state, workflowEnded));
        Assert.Equal(state is VersionState.Testing or VersionState.AwaitingApproval, VersionActions.DependsOnWorkflow(VersionAction.Retest, state));
    }

    [Theory]
    [InlineData(VersionAction.Approve)]
    [InlineData(VersionAction.Reject)]
    public void VersionActions_Decisions_DoNotDependOnTheWorkflow(VersionAction action)
    {
        Assert.False(VersionActions.DependsOnWorkflow(action, VersionState.AwaitingApproval));
        Assert.False(VersionActions.IsAllowed(action, VersionState.Testing, workflowEnded: true));
    }

    [Theory]
    [InlineData(VersionState.Testing)]
    [InlineData(VersionState.AwaitingApproval)]
    public void LifecycleTransitions_ClosingARoundWhoseWorkflowEnded_IsLegal(VersionState open)
    {
        // A retest of such a version closes the round as TestsFailed, then starts the next from there.
        Assert.True(LifecycleTransitions.IsAllowed(open, VersionState.TestsFailed));
        Assert.True(LifecycleTransitions.IsAllowed(VersionState.TestsFailed, VersionState.Testing));
        Assert.False(LifecycleTransitions.IsAllowed(open, open));
    }

    [Fact]
    public void VersionActions_RetestWhileTheWorkflowRuns_SaysItStillRuns()
    {
        var error = Assert.Throws<VersionStateConflictException>(
            () => VersionActions.Ensure(VersionAction.Retest, "credit", "v1", VersionState.Testing, workflowEnded: false));

        Assert.Contains("still running", error.Message, StringComparison.Ordinal);
        Assert.Equal(VersionState.Testing, error.Current);
        VersionActions.Ensure(VersionAction.Retest, "credit", "v1", VersionState.Testing, workflowEnded: true);
    }

    [Fact]
    public void VersionActions_Refused_NamesTheCurrentState()
    {
        var error = Assert.Throws<VersionStateConflictException>(
            () => VersionActions.Ensure(VersionAction.Approve, "credit", "v1", VersionState.TestsFailed));
        Assert.Contains("Staging (TestsFailed)", error.Message);
        Assert.Equal(VersionState.TestsFailed, error.Current);
    }
}
