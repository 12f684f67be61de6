using System.Text.Json;

namespace Pipeline.Core.Policies;

/// <summary>The known members of one object in a document, by name, as read by <see cref="JsonFieldReader.Section"/>.</summary>
internal sealed class JsonSection(Dictionary<string, JsonElement> members)
{
    /// <summary>The member, or null when the object does not set it.</summary>
    public JsonElement? this[string name] => members.TryGetValue(name, out var value) ? value : null;
}
