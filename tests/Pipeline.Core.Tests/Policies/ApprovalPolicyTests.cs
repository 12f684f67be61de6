using Pipeline.Core.Access;
using Pipeline.Core.Policies;

namespace Pipeline.Core.Tests.Policies;

/// <summary>The policy's people: <c>approval {approvers, requiredApprovals}</c> and <c>owners</c>.</summary>
public sealed class ApprovalPolicyTests
{
    [Fact]
    public void Parse_ApprovalAndOwners_ReadsThemAndWritesThemBack()
    {
        var policy = ModelPolicyParser.Parse("""
            {
              "approval": { "approvers": [" alice@contoso.com ", "tenant/0b1c"], "requiredApprovals": 2 },
              "owners": ["ml-leads@contoso.com"]
            }
            """);

        Assert.Equal(["alice@contoso.com", "tenant/0b1c"], policy.Approval!.Approvers);
        Assert.Equal(2, policy.Approval.Required);
        Assert.Equal(["ml-leads@contoso.com"], policy.Owners);
        var again = ModelPolicyParser.Parse(ModelPolicyParser.Serialize(policy));
        Assert.Empty(PolicyChanges.Between(policy, again));
    }

    [Fact]
    public void Parse_NoApprovalSection_MeansOneApprovalByAnyApprover()
    {
        var policy = ModelPolicyParser.Parse("{}");

        Assert.Null(policy.Approval);
        Assert.Null(policy.Owners);
        Assert.Equal(1, new ApprovalPolicy(null, null).Required);
    }

    [Theory]
    [InlineData("""{"approval": {"requiredApprovals": 0}}""", "approval.requiredApprovals", "from 1 to 10")]
    [InlineData("""{"approval": {"requiredApprovals": 11}}""", "approval.requiredApprovals", "from 1 to 10")]
    [InlineData("""{"approval": {"requiredApprovals": "2"}}""", "approval.requiredApprovals", "whole number")]
    [InlineData("""{"approval": {"approvers": ["alice"], "requiredApprovals": 2}}""", "approval.requiredApprovals", "only 1 approvers are listed")]
    [InlineData("""{"approval": {"approvers": []}}""", "approval.approvers", "from 1 to 100 entries")]
    [InlineData("""{"approval": {"approvers": "alice"}}""", "approval.approvers", "must be an array")]
    [InlineData("""{"approval": {"approvers": ["alice", "ALICE"]}}""", "approval.approvers[1]", "listed more than once")]
    [InlineData("""{"approval": {"approvers": ["alice", 7]}}""", "approval.approvers[1]", "not a number")]
    [InlineData("""{"approval": {"approvers": ["  "]}}""", "approval.approvers[0]", "from 1 to 256 characters")]
    [InlineData("""{"approval": {"approver": ["alice"]}}""", "approval.approver", "not a known field")]
    [InlineData("""{"approval": {"timeout": "7 days"}}""", "approval.timeout", "ISO 8601")]
    [InlineData("""{"approval": {"timeout": "P1M"}}""", "approval.timeout", "ISO 8601")]
    [InlineData("""{"approval": {"timeout": "PT0S"}}""", "approval.timeout", "positive")]
    [InlineData("""{"approval": {"timeout": "P400D"}}""", "approval.timeout", "at most P365D")]
    [InlineData("""{"approval": {"timeout": "P2D", "reminders": ["P1D", "P3D"]}}""", "approval.reminders[1]", "not before the timeout")]
    [InlineData("""{"approval": {"reminders": ["P1D", "PT24H"]}}""", "approval.reminders[1]", "listed more than once")]
    [InlineData("""{"approval": {"reminders": []}}""", "approval.reminders", "1 to 10")]
    [InlineData("""{"approval": {"reminders": "P1D"}}""", "approval.reminders", "1 to 10")]
    [InlineData("""{"approval": {"reminders": [3]}}""", "approval.reminders[0]", "must be a string")]
    [InlineData("""{"approval": {"escalateAfter": "P5D"}}""", "approval.escalateTo", "go together")]
    [InlineData("""{"approval": {"escalateTo": ["oncall"]}}""", "approval.escalateAfter", "go together")]
    [InlineData("""{"approval": {"timeout": "P5D", "escalateAfter": "P5D", "escalateTo": ["oncall"]}}""", "approval.escalateAfter", "not before the timeout")]
    [InlineData("""{"owners": []}""", "owners", "from 1 to 100 entries")]
    [InlineData("""{"owners": [null]}""", "owners[0]", "not null")]
    public void Parse_BadApprovalOrOwners_NamesTheField(string json, string field, string message)
    {
        var error = Assert.Throws<PolicyValidationException>(() => ModelPolicyParser.Parse(json));

        var named = Assert.Single(error.Errors, e => e.Field == field);
        Assert.Contains(message, named.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WaitFields_AreNormalizedAndPlannedInOrder()
    {
        var policy = ModelPolicyParser.Parse("""
            {"approval": {"timeout": "P7D", "reminders": ["P3D", "PT24H"], "escalateAfter": "P5D", "escalateTo": ["oncall@contoso.com"]}}
            """);

        var approval = policy.Approval!;
        Assert.Equal("P7D", approval.Timeout);
        Assert.Equal(["P1D", "P3D"], approval.Reminders);
        Assert.Equal(TimeSpan.FromDays(7), approval.TimeoutSpan);
        Assert.Equal(
            [(TimeSpan.FromDays(1), false), (TimeSpan.FromDays(3), false), (TimeSpan.FromDays(5), true)],
            approval.NudgesWithin(TimeSpan.FromDays(7)));
        // A shorter wait (the deployment's default, when the policy sets no timeout) drops what would come after it.
        Assert.Equal([(TimeSpan.FromDays(1), false)], approval.NudgesWithin(TimeSpan.FromDays(2)));
        Assert.Empty(PolicyChanges.Between(policy, ModelPolicyParser.Parse(ModelPolicyParser.Serialize(policy))));
    }

    [Theory]
    [InlineData("P7D", 7 * 24 * 3600)]
    [InlineData("PT12H", 12 * 3600)]
    [InlineData("P1DT30M", (24 * 3600) + (30 * 60))]
    [InlineData("PT5S", 5)]
    public void IsoDuration_DaysAndTime_Parse(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), IsoDuration.TryParse(text));
    }

    [Theory]
    [InlineData("P1Y")]
    [InlineData("P1M")]
    [InlineData("-P1D")]
    [InlineData("7.00:00:00")]
    [InlineData("")]
    public void IsoDuration_YearsMonthsAndOtherForms_AreRefused(string text)
    {
        Assert.Null(IsoDuration.TryParse(text));
    }

    [Fact]
    public void Parse_TooManyListed_IsRefused()
    {
        var names = string.Join(", ", Enumerable.Range(0, ApprovalPolicy.MaxListed + 1).Select(i => $"\"user{i}\""));

        var error = Assert.Throws<PolicyValidationException>(() => ModelPolicyParser.Parse($$"""{"owners": [{{names}}]}"""));

        Assert.Contains("it lists 101", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Admits_MatchesTheStableIdExactlyAndTheNameWithoutCase()
    {
        var caller = new Caller("tenant/0b1c", "Alice@Contoso.com", PipelineRoles.All);

        Assert.True(CallerLists.Admits(null, caller));
        Assert.True(CallerLists.Admits(["alice@contoso.com"], caller));
        Assert.True(CallerLists.Admits(["tenant/0b1c"], caller));
        Assert.False(CallerLists.Admits(["TENANT/0B1C"], caller));
        Assert.False(CallerLists.Admits(["bob@contoso.com"], caller));
    }
}
