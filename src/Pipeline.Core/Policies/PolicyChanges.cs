using System.Text.Encodings.Web;
using System.Text.Json;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Policies;

/// <summary>
/// What replacing one policy with another changes, field by field, for the audit trail. Both policies
/// are compared as <see cref="ModelPolicyParser.Serialize"/> writes them, so two policies that read
/// the same (a field left out or set to null, <c>0.80</c> or <c>0.8</c>) differ in nothing.
/// </summary>
public static class PolicyChanges
{
    // Values are shown to people: keep 'é' and '+' as they are rather than as \u escapes.
    private static readonly JsonSerializerOptions ValueOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The fields whose value differs between <paramref name="before"/> and <paramref name="after"/>,
    /// ordered by field name. Objects are compared member by member; an array is one value, so a
    /// reordered feature list is one change and not one per shifted position.
    /// </summary>
    /// <param name="before">The policy replaced, or null when the model had none (every field of <paramref name="after"/> is then new).</param>
    /// <param name="after">The new policy.</param>
    public static IReadOnlyList<FieldChange> Between(ModelPolicy? before, ModelPolicy after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var old = Flatten(before);
        var @new = Flatten(after);
        return old.Keys.Union(@new.Keys)
            .Order(StringComparer.Ordinal)
            .Select(field => new FieldChange(field, old.GetValueOrDefault(field), @new.GetValueOrDefault(field)))
            .Where(change => change.Before != change.After)
            .ToList();
    }

    private static Dictionary<string, string> Flatten(ModelPolicy? policy)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (policy is not null)
        {
            using var document = JsonDocument.Parse(ModelPolicyParser.Serialize(policy));
            Flatten(document.RootElement, null, fields);
        }

        return fields;
    }

    private static void Flatten(JsonElement element, string? path, Dictionary<string, string> fields)
    {
        // An empty object is a value of its own ("thresholds": {}), or setting it would go unrecorded.
        if (element.ValueKind == JsonValueKind.Object && element.EnumerateObject().Any())
        {
            foreach (var member in element.EnumerateObject())
            {
                Flatten(member.Value, path is null ? member.Name : $"{path}.{member.Name}", fields);
            }

            return;
        }

        fields[path ?? "$"] = JsonSerializer.Serialize(element, ValueOptions);
    }
}
