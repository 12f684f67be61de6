using System.Text.RegularExpressions;

namespace Pipeline.Infra.Tests;

/// <summary>
/// The setting lists of Pipeline.Workflow's SettingNames class, read from its source file rather
/// than by reference, so that these tests build whatever state the application projects are in.
/// </summary>
internal sealed partial record SettingNamesSource(
    IReadOnlyList<string> Deployed,
    IReadOnlyList<string> LocalOnly,
    IReadOnlyList<string> Optional,
    IReadOnlyList<string> FunctionsHost,
    IReadOnlyList<string> TestOnly)
{
    public static SettingNamesSource Load()
    {
        var source = File.ReadAllText(RepositoryLayout.SettingNames);
        var constants = ConstantDeclaration().Matches(source)
            .ToDictionary(match => match.Groups["name"].Value, match => match.Groups["value"].Value, StringComparer.Ordinal);

        IReadOnlyList<string> List(string name)
        {
            var match = ListDeclaration().Matches(source).SingleOrDefault(candidate => candidate.Groups["name"].Value == name)
                ?? throw new InvalidOperationException($"SettingNames.{name} is not declared as a collection expression.");
            return match.Groups["items"].Value
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(item => item.StartsWith('"')
                    ? item.Trim('"')
                    : constants.GetValueOrDefault(item.Replace("SettingNames.", string.Empty, StringComparison.Ordinal))
                        ?? throw new InvalidOperationException($"SettingNames.{name} lists '{item}', which is not a constant."))
                .ToList();
        }

        return new SettingNamesSource(List("Deployed"), List("LocalOnly"), List("Optional"), List("FunctionsHost"), List("TestOnly"));
    }

    [GeneratedRegex(@"public\s+const\s+string\s+(?<name>\w+)\s*=\s*""(?<value>[^""]+)""\s*;")]
    private static partial Regex ConstantDeclaration();

    [GeneratedRegex(@"public\s+static\s+readonly\s+IReadOnlyList<string>\s+(?<name>\w+)\s*=\s*\[(?<items>[^\]]*)\]\s*;")]
    private static partial Regex ListDeclaration();
}
