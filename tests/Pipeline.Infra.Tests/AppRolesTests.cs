using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipeline.Infra.Tests;

/// <summary>
/// infra/app-roles.json, the manifest given to <c>az ad app update --app-roles</c>, defines exactly the
/// roles the app checks (Pipeline.Core's PipelineRole, read from its source), each once, with a fixed id.
/// </summary>
public sealed partial class AppRolesTests
{
    private static readonly JsonArray Manifest = JsonNode.Parse(File.ReadAllText(RepositoryLayout.AppRoles))!.AsArray();

    [Fact]
    public void AppRoles_Values_AreThePipelineRoles()
    {
        var expected = EnumMember().Matches(File.ReadAllText(RepositoryLayout.PipelineRoleSource)).Select(m => "Pipeline." + m.Groups["name"].Value);

        Assert.Equal(expected.Order(StringComparer.Ordinal), Manifest.Select(r => JsonAssert.Text(r?["value"], "value")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AppRoles_Ids_AreDistinctGuids()
    {
        var ids = Manifest.Select(r => Guid.Parse(JsonAssert.Text(r?["id"], "id"))).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("Pipeline.Approver")]
    [InlineData("Pipeline.Owner")]
    public void AppRoles_HumanDecisions_AreForUsersOnly(string role)
    {
        // An application holding the approver role would make the human approval automatic.
        var entry = Manifest.Single(r => (string?)r?["value"] == role)!;

        Assert.Equal(["User"], entry["allowedMemberTypes"]!.AsArray().Select(t => JsonAssert.Text(t, "member type")));
    }

    [Fact]
    public void AppRoles_Each_IsEnabledAndDescribed()
    {
        Assert.All(Manifest, r =>
        {
            JsonAssert.Literal(true, r?["isEnabled"], "isEnabled");
            Assert.False(string.IsNullOrWhiteSpace((string?)r?["description"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)r?["displayName"]));
        });
    }

    // A member line of the enum: its name, then a comma.
    [GeneratedRegex(@"^\s*(?<name>[A-Z]\w*),\s*$", RegexOptions.Multiline)]
    private static partial Regex EnumMember();
}
