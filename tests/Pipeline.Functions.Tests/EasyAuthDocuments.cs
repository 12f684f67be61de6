using System.Text;
using System.Text.Json;

namespace Pipeline.Functions.Tests;

/// <summary>X-MS-CLIENT-PRINCIPAL values as App Service Authentication writes them.</summary>
internal static class EasyAuthDocuments
{
    /// <summary>The header for a signed-in Entra user <paramref name="name"/> with <paramref name="roles"/> (short claim types).</summary>
    public static string For(string name, IEnumerable<string>? roles = null)
    {
        var claims = new List<object>
        {
            new { typ = "oid", val = $"oid-{name}" },
            new { typ = "tid", val = "tenant-1" },
            new { typ = "preferred_username", val = name },
        };
        claims.AddRange((roles ?? []).Select(role => new { typ = "roles", val = role }));
        return Encode(JsonSerializer.Serialize(new { auth_typ = "aad", claims }));
    }

    /// <summary>A JSON document as the header carries it.</summary>
    public static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
}
