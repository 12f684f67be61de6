using System.Reflection;

namespace Pipeline.Infra.Tests;

/// <summary>Paths of the files under test, from the repository root recorded at build time.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string BicepConfig => Path.Combine(Infra, "bicepconfig.json");

    public static string PostDeployShell => Path.Combine(Infra, "hooks", "postdeploy.sh");

    public static string PostDeployPowerShell => Path.Combine(Infra, "hooks", "postdeploy.ps1");

    public static string AppRoles => Path.Combine(Infra, "app-roles.json");

    public static string PipelineRoleSource =>
        Path.Combine(Root, "src", "Pipeline.Core", "Access", "PipelineRole.cs");

    public static string AzureYaml => Path.Combine(Root, "azure.yaml");

    public static string LocalSettingsSample => Path.Combine(Root, "local.settings.sample.json");

    public static string SettingNames =>
        Path.Combine(Root, "src", "Pipeline.Workflow", "Configuration", "SettingNames.cs");

    internal static string? Metadata(string key) =>
        typeof(RepositoryLayout).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == key)?.Value;

    private static string FindRoot()
    {
        var root = Metadata("RepositoryRoot");
        if (string.IsNullOrEmpty(root) || !File.Exists(Path.Combine(root, "infra", "main.bicep")))
        {
            throw new InvalidOperationException(
                $"The repository root recorded at build time ('{root}') has no infra/main.bicep.");
        }

        return Path.GetFullPath(root);
    }
}
