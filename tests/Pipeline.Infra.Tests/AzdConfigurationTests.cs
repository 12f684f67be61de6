using System.Text.RegularExpressions;

namespace Pipeline.Infra.Tests;

/// <summary>azure.yaml and the postdeploy hooks that subscribe the blob trigger to Event Grid.</summary>
public sealed partial class AzdConfigurationTests(CompiledTemplateFixture compiled) : IClassFixture<CompiledTemplateFixture>
{
    public static TheoryData<string> HookScripts => new(RepositoryLayout.PostDeployShell, RepositoryLayout.PostDeployPowerShell);

    [Fact]
    public void AzureYaml_ApiService_IsDotnetFunctionApp()
    {
        var yaml = File.ReadAllText(RepositoryLayout.AzureYaml);

        Assert.Matches(@"(?m)^name:\s*model-pipeline\s*$", yaml);
        Assert.Matches(@"(?m)^  api:\s*\n    project:\s*\./src/Pipeline\.Functions\s*\n    language:\s*dotnet\s*\n    host:\s*function\s*$", yaml);
    }

    [Fact]
    public void AzureYaml_PostDeployHooks_RunTheHookScripts()
    {
        var runs = HookRun().Matches(File.ReadAllText(RepositoryLayout.AzureYaml))
            .Select(match => Path.GetFullPath(Path.Combine(RepositoryLayout.Root, match.Groups["path"].Value)))
            .ToList();

        Assert.Equal([RepositoryLayout.PostDeployShell, RepositoryLayout.PostDeployPowerShell], runs);
    }

    [Theory]
    [MemberData(nameof(HookScripts))]
    public void PostDeployHook_Subscription_DeliversModelBlobCreatedToBlobTrigger(string script)
    {
        var text = File.ReadAllText(script);

        Assert.Contains("az functionapp keys list", text, StringComparison.Ordinal);
        Assert.Contains("systemKeys.blobs_extension", text, StringComparison.Ordinal);
        Assert.Contains("az eventgrid system-topic event-subscription create", text, StringComparison.Ordinal);
        Assert.Contains(".azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.", text, StringComparison.Ordinal);
        Assert.Contains("--included-event-types Microsoft.Storage.BlobCreated", text, StringComparison.Ordinal);
        Assert.Contains("--subject-begins-with \"/blobServices/default/containers/", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HookScripts))]
    public void PostDeployHook_EnvironmentVariables_AreBicepOutputs(string script)
    {
        var outputs = compiled.Template.Root["outputs"]?.AsObject().Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal) ?? [];

        var used = EnvironmentReference().Matches(File.ReadAllText(script))
            .Select(match => match.Groups["name"].Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.Contains(name, outputs));
    }

    [Theory]
    [InlineData("BLOB_TRIGGER_FUNCTION_NAME", "RegisterUploadedModel")]
    [InlineData("MODELS_CONTAINER_NAME", "[variables('modelsContainerName')]")]
    public void MainTemplate_HookOutput_HasExpectedValue(string output, string expected)
    {
        Assert.Equal(expected, JsonAssert.Text(compiled.Template.Root["outputs"]?[output]?["value"], output));
        if (expected.StartsWith("[variables(", StringComparison.Ordinal))
        {
            JsonAssert.Literal("models", compiled.Template.Root["variables"]?["modelsContainerName"], "modelsContainerName");
        }
    }

    [Fact]
    public void PostDeployShellHook_File_IsExecutable()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("azd runs the sh hook on Linux and macOS only.");
        }

        Assert.NotEqual(UnixFileMode.None, File.GetUnixFileMode(RepositoryLayout.PostDeployShell) & UnixFileMode.UserExecute);
    }

    [GeneratedRegex(@"(?m)^\s+run:\s*(?<path>\S+)\s*$")]
    private static partial Regex HookRun();

    // $NAME, ${NAME} in sh and $env:NAME in PowerShell, for the names azd takes from Bicep outputs.
    [GeneratedRegex(@"\$(?:\{|env:)?(?<name>(?:AZURE|EVENT_GRID|MODELS|BLOB)_[A-Z0-9_]+)")]
    private static partial Regex EnvironmentReference();
}
