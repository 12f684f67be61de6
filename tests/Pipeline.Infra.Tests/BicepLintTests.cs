using System.Text.Json.Nodes;

namespace Pipeline.Infra.Tests;

public sealed class BicepLintTests(CompiledTemplateFixture compiled) : IClassFixture<CompiledTemplateFixture>
{
    [Fact]
    public async Task Bicep_Lint_HasNoWarnings()
    {
        var run = await BicepCli.RunAsync(["lint", RepositoryLayout.MainBicep], CancellationToken.None);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.True(run.Diagnostics.Count == 0, run.Describe());
    }

    [Fact]
    public void Bicep_Build_HasNoWarnings()
    {
        Assert.True(compiled.Build.Diagnostics.Count == 0, compiled.Build.Describe());
    }

    public static TheoryData<string> BicepFiles =>
        new(Directory.GetFiles(RepositoryLayout.Infra, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Bicep_Format_IsCanonical(string file)
    {
        var run = await BicepCli.RunAsync(["format", file, "--stdout"], CancellationToken.None);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.True(
            run.StandardOutput == await File.ReadAllTextAsync(file),
            $"{Path.GetRelativePath(RepositoryLayout.Root, file)} differs from `bicep format` output; run bicep format on it.");
    }

    [Fact]
    public void BicepConfig_LinterRules_AreNotSilenced()
    {
        var config = JsonNode.Parse(File.ReadAllText(RepositoryLayout.BicepConfig))!;
        var core = config["analyzers"]?["core"];
        JsonAssert.Literal(true, core?["enabled"], "analyzers.core.enabled");

        var silenced = (core?["rules"]?.AsObject() ?? [])
            .Where(rule => (string?)rule.Value?["level"] is "off" or "none" or "info")
            .Select(rule => rule.Key)
            .ToList();
        Assert.True(silenced.Count == 0, $"Fix the code instead of silencing: {string.Join(", ", silenced)}");
    }
}
