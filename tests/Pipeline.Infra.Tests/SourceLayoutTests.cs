using System.Text.RegularExpressions;

namespace Pipeline.Infra.Tests;

/// <summary>
/// The shape of src/ that keeps it easy to find one's way: a file is named for the type it holds
/// (small contract records may share a file), and no file grows past what one reads in a sitting.
/// </summary>
public sealed partial class SourceLayoutTests
{
    private const int MaxLines = 400;

    public static TheoryData<string> SourceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepositoryLayout.Root, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SourceFiles))]
    public void SourceFile_Types_MatchItsName(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryLayout.Root, file));
        var name = Path.GetFileNameWithoutExtension(file);
        var types = TopLevelType().Matches(text).Select(m => (Kind: m.Groups["kind"].Value, Name: m.Groups["name"].Value)).ToList();
        if (name == "Program" && types.Count == 0)
        {
            return;
        }

        var extras = types.Where(t => t.Name != name && !t.Kind.StartsWith("record", StringComparison.Ordinal)).ToList();
        Assert.True(extras.Count == 0, $"{file} also declares {string.Join(", ", extras.Select(t => $"{t.Kind} {t.Name}"))}; give each its own file.");
        var onlyRecords = types.Count > 0 && types.All(t => t.Kind.StartsWith("record", StringComparison.Ordinal));
        Assert.True(types.Any(t => t.Name == name) || onlyRecords, $"{file} declares {string.Join(", ", types.Select(t => t.Name))}, none named {name}.");
    }

    [Theory]
    [MemberData(nameof(SourceFiles))]
    public void SourceFile_Length_IsAtMost400Lines(string file)
    {
        var lines = File.ReadLines(Path.Combine(RepositoryLayout.Root, file)).Count();

        Assert.True(lines <= MaxLines, $"{file} has {lines} lines; split it where it naturally parts (at most {MaxLines}).");
    }

    // Top-level declarations start at the beginning of a line; nested ones are indented.
    [GeneratedRegex(@"^(?:(?:public|internal|file|sealed|static|abstract|partial|readonly)\s+)*(?<kind>record struct|record|class|struct|interface|enum)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();
}
