using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pipeline.Bench;

internal static class JsonOutput
{
    /// <summary>camelCase, indented, arrows unescaped: the report is read by people as often as by scripts.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Written to a file, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
