using Pipeline.Api.Identity;
using Pipeline.Core.Access;

namespace Pipeline.Functions.Tests;

/// <summary>How the claims document App Service Authentication puts in X-MS-CLIENT-PRINCIPAL becomes a caller.</summary>
public sealed class EasyAuthPrincipalTests
{
    [Fact]
    public void FromPrincipalHeader_EntraDocument_ReadsIdNameAndRoles()
    {
        // As Entra ID sends it: long claim types, role_typ naming the long role type while the roles come as "roles".
        var header = EasyAuthDocuments.Encode("""
            {"auth_typ": "aad",
             "claims": [
               {"typ": "http://schemas.microsoft.com/identity/claims/objectidentifier", "val": "0b1c"},
               {"typ": "http://schemas.microsoft.com/identity/claims/tenantid", "val": "t-42"},
               {"typ": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "val": "ann@example.com"},
               {"typ": "name", "val": "Ann Example"},
               {"typ": "roles", "val": "Pipeline.Approver"},
               {"typ": "http://schemas.microsoft.com/ws/2008/06/identity/claims/role", "val": "Pipeline.Owner"},
               {"typ": "roles", "val": "Another.App.Role"}],
             "name_typ": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
             "role_typ": "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"}
            """);

        var caller = EasyAuthCallerResolver.FromPrincipalHeader(header);

        Assert.Equal("t-42/0b1c", caller.Id);
        Assert.Equal("ann@example.com", caller.Name);
        Assert.Equal(new HashSet<PipelineRole> { PipelineRole.Approver, PipelineRole.Owner }, caller.Roles);
    }

    [Fact]
    public void FromPrincipalHeader_ShortClaimTypesWithoutNameType_FallsBackToPreferredUsername()
    {
        var header = EasyAuthDocuments.For("bob@example.com", roles: ["Pipeline.Operator"]);

        var caller = EasyAuthCallerResolver.FromPrincipalHeader(header);

        Assert.Equal("bob@example.com", caller.Name);
        Assert.Equal(new HashSet<PipelineRole> { PipelineRole.Operator }, caller.Roles);
        Assert.EndsWith("/oid-bob@example.com", caller.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPrincipalHeader_NoName_IsNamedByItsId()
    {
        var header = EasyAuthDocuments.Encode("""{"claims": [{"typ": "oid", "val": "app-1"}, {"typ": "tid", "val": "t"}]}""");

        Assert.Equal("t/app-1", EasyAuthCallerResolver.FromPrincipalHeader(header).Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("bm90IGpzb24=")]
    [InlineData("bnVsbA==")]
    [InlineData("WzEsMl0=")]
    [InlineData("eyJjbGFpbXMiOiA1fQ==")]
    [InlineData("eyJjbGFpbXMiOiBbeyJ0eXAiOiAibmFtZSIsICJ2YWwiOiAiYW5uIn1dfQ==")]
    public void FromPrincipalHeader_MissingGarbledOrWithoutObjectId_IsUnauthenticated(string? header)
    {
        // Not base64; "not json"; null; [1,2]; {"claims": 5}; a name but no object id.
        Assert.Throws<UnauthenticatedException>(() => EasyAuthCallerResolver.FromPrincipalHeader(header));
    }

    [Fact]
    public void FromPrincipalHeader_UnpaddedBase64_IsRead()
    {
        var header = EasyAuthDocuments.For("cy@example.com").TrimEnd('=');

        Assert.Equal("cy@example.com", EasyAuthCallerResolver.FromPrincipalHeader(header).Name);
    }
}
