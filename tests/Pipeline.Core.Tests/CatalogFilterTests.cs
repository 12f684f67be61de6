using Pipeline.Core.Catalog;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Tests;

/// <summary>MLflow's search filters: the clauses clients send, how each holds, and the errors for the rest.</summary>
public sealed class CatalogFilterTests
{
    private static readonly Dictionary<string, string?> Churn = new()
    {
        ["name"] = "churn-eu",
        ["tag.team"] = "growth",
        ["tag.mlflow.prompt.is_prompt"] = null,
        ["version_number"] = "3",
    };

    [Theory]
    [InlineData("name = 'churn-eu'", true)]
    [InlineData("name='churn-eu'", true)]
    [InlineData("name = \"churn-eu\"", true)]
    [InlineData("name = 'churn'", false)]
    [InlineData("name != 'churn'", true)]
    [InlineData("name LIKE 'churn%'", true)]
    [InlineData("name like 'churn-__'", true)]
    [InlineData("name LIKE 'CHURN%'", false)]
    [InlineData("name ILIKE 'CHURN%'", true)]
    [InlineData("name LIKE '%eu' AND tag.team = 'growth'", true)]
    [InlineData("name LIKE 'churn%' and tag.`mlflow.prompt.is_prompt` != 'true'", true)]
    [InlineData("tag.`mlflow.prompt.is_prompt` = 'true'", false)]
    [InlineData("tags.team = 'growth'", true)]
    [InlineData("tag.team LIKE 'g%' AND tag.missing = 'x'", false)]
    [InlineData("name LIKE 'a.b%'", false)]
    public void Matches_ClauseOnARecord_HoldsAsMlflowSays(string filter, bool expected)
    {
        var parsed = CatalogFilter.Parse(filter, forVersions: false);

        Assert.Equal(expected, parsed.Matches(key => Churn.GetValueOrDefault(key)));
    }

    [Fact]
    public void Parse_VersionNumberUnquoted_ComparesAsText()
    {
        Assert.True(CatalogFilter.Parse("name = 'churn-eu' AND version_number = 3", forVersions: true).Matches(key => Churn.GetValueOrDefault(key)));
        Assert.False(CatalogFilter.Parse("version_number = 03", forVersions: true).Matches(_ => "4"));
    }

    [Fact]
    public void ExactName_NameEqualsClause_IsTheOneName()
    {
        Assert.Equal("churn", CatalogFilter.Parse("tag.a = 'b' AND name = 'churn'", forVersions: false).ExactName);
        Assert.Null(CatalogFilter.Parse("name LIKE 'churn'", forVersions: false).ExactName);
        Assert.Null(CatalogFilter.Parse(null, forVersions: false).ExactName);
        Assert.True(CatalogFilter.Parse("  ", forVersions: false).Matches(_ => null));
    }

    [Theory]
    [InlineData("name ~ 'x'", "operator")]
    [InlineData("name = churn", "quoted value")]
    [InlineData("name = 'churn", "never closed")]
    [InlineData("owner = 'x'", "'owner' is not a key")]
    [InlineData("version_number = '1'", "'version_number' is not a key")]
    [InlineData("name = 'a' OR name = 'b'", "AND or the end")]
    [InlineData("run.id = 'x'", "not a key prefix")]
    [InlineData("= 'x'", "a key such as")]
    public void Parse_BadFilter_SaysWhatAndWhere(string filter, string said)
    {
        var error = Assert.Throws<InvalidRequestException>(() => CatalogFilter.Parse(filter, forVersions: false));

        Assert.Contains(said, error.Message, StringComparison.Ordinal);
        Assert.Contains("at character", error.Message, StringComparison.Ordinal);
    }
}
