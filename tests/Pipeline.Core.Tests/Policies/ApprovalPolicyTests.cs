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
    [InlineData("""{"owners": []}""", "owners", "from 1 to 100 entries")]
    [InlineData("""{"owners": [null]}""", "owners[0]", "not null")]
    public void Parse_BadApprovalOrOwners_NamesTheField(string json, string field, string message)
    {
        var error = Assert.Throws<PolicyValidationException>(() => ModelPolicyParser.Parse(json));

        var named = Assert.Single(error.Errors, e => e.Field == field);
        Assert.Contains(message, named.Message, StringComparison.Ordinal);
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
