using System.Reflection;
using System.Text.Json.Serialization;

namespace Pipeline.Core.Policies;

/// <summary>
/// The JSON names of an enum's members, read from their <see cref="JsonStringEnumMemberNameAttribute"/> so
/// the names used to read a policy or a stored row are the ones the serializer writes. Matching is exact:
/// the serializer's enum converter would also accept integers and other spellings, which a hand-written
/// policy should not silently rely on.
/// </summary>
/// <typeparam name="T">The enum.</typeparam>
public static class JsonEnumNames<T>
    where T : struct, Enum
{
    private static readonly Dictionary<string, T> ByName = typeof(T)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(
            field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name,
            field => (T)field.GetValue(null)!,
            StringComparer.Ordinal);

    private static readonly Dictionary<T, string> ByValue = ByName.ToDictionary(pair => pair.Value, pair => pair.Key);

    /// <summary>Every accepted name, for error messages.</summary>
    public static string Listed { get; } = string.Join(", ", ByName.Keys);

    /// <summary>The member whose JSON name is exactly <paramref name="text"/>, if there is one.</summary>
    public static bool TryParse(string text, out T value) => ByName.TryGetValue(text, out value);

    /// <summary>The member whose JSON name is exactly <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">No member has that name.</exception>
    public static T Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(T).Name}; expected one of {Listed}.");

    /// <summary>The JSON name of <paramref name="value"/>.</summary>
    public static string NameOf(T value) => ByValue.TryGetValue(value, out var name) ? name : value.ToString();
}
