using System.Text.Json;

namespace Pipeline.Cli.Http;

/// <summary>How the CLI reads and writes the API's JSON: camelCase like the API, and tolerant of fields it does not know.</summary>
internal static class CliJson
{
    /// <summary>The shared options (a newer API may add fields; the CLI reads what it needs).</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Reads <paramref name="json"/> as <typeparamref name="T"/>.</summary>
    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"The API answered null where a {typeof(T).Name} was expected.");
}
