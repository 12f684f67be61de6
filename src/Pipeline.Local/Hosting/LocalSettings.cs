using System.Text.Json;

namespace Pipeline.Local.Hosting;

/// <summary>
/// Reads the <c>Values</c> of <c>local.settings.json</c>, the file the Functions tools use, so that
/// both hosts take their settings from the same place. Names use <c>__</c> for sections, as in
/// environment variables.
/// </summary>
public static class LocalSettings
{
    /// <summary>The file name.</summary>
    public const string FileName = "local.settings.json";

    /// <summary>The values as configuration keys (<c>Pipeline__ApprovalTimeout</c> becomes <c>Pipeline:ApprovalTimeout</c>).</summary>
    public static IReadOnlyDictionary<string, string?> Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return values;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.TryGetProperty("Values", out var section) && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in section.EnumerateObject())
            {
                values[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()
                    : property.Value.GetRawText();
            }
        }

        return values;
    }

    /// <summary>The repository root: the nearest folder upwards holding <c>Pipeline.sln</c>, or the current folder.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return directory.FullName;
            }
        }

        return start;
    }
}
