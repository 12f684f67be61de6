using System.Text.Json.Nodes;

namespace Pipeline.Infra.Tests;

/// <summary>
/// Every setting the app reads (Pipeline.Workflow's SettingNames) is documented in
/// local.settings.sample.json and either provided by the Bicep app settings, local-only, or optional
/// (read when set, left unset by the templates).
/// </summary>
public sealed class SettingsDocumentationTests(CompiledTemplateFixture compiled) : IClassFixture<CompiledTemplateFixture>
{
    private readonly SettingNamesSource _names = SettingNamesSource.Load();

    private static IReadOnlyCollection<string> SampleValues =>
        (JsonNode.Parse(File.ReadAllText(RepositoryLayout.LocalSettingsSample))?["Values"]?.AsObject()
            ?? throw new Xunit.Sdk.XunitException("local.settings.sample.json has no Values object."))
        .Select(pair => pair.Key)
        .ToList();

    private IReadOnlyCollection<string> BicepSettings => compiled.Template.AppSettings().Keys.ToList();

    [Fact]
    public void SettingNames_Source_ListsDeployedAndLocalOnlySettings()
    {
        Assert.Contains("AzureWebJobsStorage", _names.Deployed);
        Assert.NotEmpty(_names.LocalOnly);
        Assert.NotEmpty(_names.FunctionsHost);
    }

    [Fact]
    public void DeployedSettings_InLocalSample_AreDocumented()
    {
        AssertNoneMissing(_names.Deployed.Except(SampleValues), "local.settings.sample.json lacks deployed settings");
    }

    [Fact]
    public void DeployedSettings_InBicep_AreProvided()
    {
        // A connection may be given in the identity-based form: AzureWebJobsStorage__blobServiceUri, ...
        var missing = _names.Deployed.Where(name => !IsProvided(name));

        AssertNoneMissing(missing, "infra app settings lack deployed settings");
    }

    [Fact]
    public void LocalOnlySettings_InLocalSample_AreDocumented()
    {
        AssertNoneMissing(_names.LocalOnly.Except(SampleValues), "local.settings.sample.json lacks local-only settings");
    }

    [Fact]
    public void LocalOnlySettings_InBicep_AreAbsent()
    {
        AssertNoneMissing(_names.LocalOnly.Where(IsProvided), "infra app settings deploy local-only settings");
    }

    [Fact]
    public void TestOnlySettings_InBicep_AreAbsentAndAreOptional()
    {
        Assert.NotEmpty(_names.TestOnly);
        AssertNoneMissing(_names.TestOnly.Where(IsProvided), "infra app settings deploy test-only settings");
        AssertNoneMissing(_names.TestOnly.Except(_names.Optional), "test-only settings not listed as optional");
    }

    [Fact]
    public void OptionalSettings_InLocalSample_AreDocumented()
    {
        AssertNoneMissing(_names.Optional.Except(SampleValues), "local.settings.sample.json lacks optional settings");
    }

    [Fact]
    public void OptionalSettings_InDeployedOrLocalOnly_AreNotListedTwice()
    {
        AssertNoneMissing(_names.Optional.Intersect(_names.Deployed.Concat(_names.LocalOnly)), "settings listed as optional and also deployed or local-only");
    }

    [Fact]
    public void FunctionsHostSettings_OnFlexConsumption_ComeFromRuntimeConfigOrAppSettings()
    {
        var site = compiled.Template.Single("Microsoft.Web/sites");
        foreach (var name in _names.FunctionsHost)
        {
            if (name == "FUNCTIONS_WORKER_RUNTIME")
            {
                // Flex Consumption takes the worker runtime from functionAppConfig, never from a setting.
                Assert.DoesNotContain(name, BicepSettings);
                JsonAssert.Literal("dotnet-isolated", site.At("properties.functionAppConfig.runtime.name"), "runtime.name");
            }
            else
            {
                Assert.Contains(name, BicepSettings);
            }
        }
    }

    [Fact]
    public void LocalSample_Values_AreAllKnownSettings()
    {
        var known = _names.Deployed.Concat(_names.LocalOnly).Concat(_names.Optional).Concat(_names.FunctionsHost).ToHashSet(StringComparer.Ordinal);

        AssertNoneMissing(SampleValues.Where(name => !known.Contains(name)), "local.settings.sample.json has settings SettingNames does not list");
    }

    private bool IsProvided(string name) =>
        BicepSettings.Any(setting => setting == name || setting.StartsWith(name + "__", StringComparison.Ordinal));

    private static void AssertNoneMissing(IEnumerable<string> names, string message)
    {
        var list = names.ToList();
        Assert.True(list.Count == 0, $"{message}: {string.Join(", ", list)}");
    }
}
