using Pipeline.Core.Errors;
using Pipeline.Core.Naming;

namespace Pipeline.Core.Tests;

public sealed class NamingRulesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("credit-risk")]
    [InlineData("model2")]
    [InlineData("a-b-c-1")]
    public void ModelName_Valid_IsAccepted(string name) => Assert.Null(NamingRules.ExplainInvalidModelName(name));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Credit", "lowercase")]
    [InlineData("credit_risk", "lowercase")]
    [InlineData("credit risk", "lowercase")]
    [InlineData("-credit", "hyphen")]
    [InlineData("credit-", "hyphen")]
    [InlineData("créd", "lowercase")]
    [InlineData("a/b", "lowercase")]
    public void ModelName_Invalid_IsExplained(string name, string expectedWord)
    {
        var reason = NamingRules.ExplainInvalidModelName(name);
        Assert.NotNull(reason);
        Assert.Contains(expectedWord, reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ModelName_LengthBoundary_63AcceptedAnd64Refused()
    {
        Assert.Null(NamingRules.ExplainInvalidModelName(new string('a', 63)));
        Assert.Contains("63", NamingRules.ExplainInvalidModelName(new string('a', 64)));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("1.2.3")]
    [InlineData("2026-11-29_rc.1")]
    [InlineData("V_2")]
    public void VersionLabel_Valid_IsAccepted(string label) => Assert.Null(NamingRules.ExplainInvalidVersionLabel(label));

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("_x")]
    [InlineData("-x")]
    [InlineData("v 1")]
    [InlineData("v/1")]
    [InlineData("v#1")]
    [InlineData("v?1")]
    public void VersionLabel_Invalid_IsRefused(string label) => Assert.NotNull(NamingRules.ExplainInvalidVersionLabel(label));

    [Fact]
    public void VersionLabel_LengthBoundary_64AcceptedAnd65Refused()
    {
        Assert.Null(NamingRules.ExplainInvalidVersionLabel(new string('1', 64)));
        Assert.NotNull(NamingRules.ExplainInvalidVersionLabel(new string('1', 65)));
    }

    [Theory]
    [InlineData("eval.csv")]
    [InlineData("credit/2026/eval.csv")]
    [InlineData("a..b/c.csv")]
    public void DatasetName_Valid_IsAccepted(string name) => Assert.Null(NamingRules.ExplainInvalidDatasetName(name));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/eval.csv", "start with '/'")]
    [InlineData("\\eval.csv", "start with '/'")]
    [InlineData("credit/", "end with '/'")]
    [InlineData("a/../eval.csv", "'..'")]
    [InlineData("a\\..\\eval.csv", "'..'")]
    public void DatasetName_Invalid_IsExplained(string name, string expected)
    {
        var reason = NamingRules.ExplainInvalidDatasetName(name);
        Assert.NotNull(reason);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DatasetName_LengthBoundary_1024AcceptedAnd1025Refused()
    {
        Assert.Null(NamingRules.ExplainInvalidDatasetName(new string('d', 1024)));
        Assert.Contains("1024", NamingRules.ExplainInvalidDatasetName(new string('d', 1025)), StringComparison.Ordinal);
    }

    [Fact]
    public void ModelVersionKey_InvalidModel_ThrowsNamingThePart()
    {
        var error = Assert.Throws<InvalidNameException>(() => ModelVersionKey.Create("Bad", "v1"));
        Assert.Equal("model", error.Part);
    }

    [Fact]
    public void ModelVersionKey_InvalidVersion_ThrowsNamingThePart()
    {
        var error = Assert.Throws<InvalidNameException>(() => ModelVersionKey.Create("good", "v 1"));
        Assert.Equal("version", error.Part);
    }
}
