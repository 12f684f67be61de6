using System.Globalization;
using System.Text.Json;

namespace Pipeline.Core.Policies;

/// <summary>
/// Reads the fields of a JSON document into typed values without stopping at the first wrong one:
/// each wrong field is recorded as a <see cref="PolicyError"/> and read as null, so a document's author
/// fixes it in one round. A section's members are first gathered as <see cref="JsonElement"/>s
/// (unknown ones reported, not fatal) and only then checked field by field; the section rules decide
/// what each field must be.
/// </summary>
internal sealed class JsonFieldReader
{
    private readonly List<PolicyError> errors = [];

    /// <summary>Every error so far, in the order the fields were read.</summary>
    public IReadOnlyList<PolicyError> Errors => errors;

    /// <summary>Records an error for <paramref name="field"/>.</summary>
    public void Add(string field, string message) => errors.Add(new PolicyError(field, message));

    /// <summary>
    /// Reads an object's members, reporting each one not in <paramref name="knownFields"/>; null (with an
    /// error) when it is not an object. Names match without regard to case, so two members that differ
    /// only by case are refused, like exact duplicates (which the document parser refuses).
    /// </summary>
    public JsonSection? Section(JsonElement element, string field, params string[] knownFields)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add(field, $"must be an object, not {Describe(element.ValueKind)}.");
            return null;
        }

        var members = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in element.EnumerateObject())
        {
            var known = Array.Find(knownFields, name => string.Equals(name, member.Name, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                Add(field == "$" ? member.Name : $"{field}.{member.Name}", $"is not a known field; known fields are {string.Join(", ", knownFields)}.");
            }
            else if (!members.TryAdd(known, member.Value))
            {
                Add(field, $"sets '{known}' twice (as '{member.Name}'); member names do not differ by case alone.");
                return null;
            }
        }

        return new JsonSection(members);
    }

    /// <summary>An optional section: null when absent (no error), otherwise as <see cref="Section"/>.</summary>
    public JsonSection? OptionalSection(JsonElement? element, string field, params string[] knownFields) =>
        IsPresent(element) ? Section(element!.Value, field, knownFields) : null;

    /// <summary>A string, or null when absent or wrong.</summary>
    public string? String(JsonElement? element, string field, bool required = false) =>
        Of(element, field, required, "a string", JsonValueKind.String) is { } value ? value.GetString() : null;

    /// <summary>
    /// A string naming a member of <typeparamref name="T"/> by its exact JSON name, or null when absent or
    /// wrong; <paramref name="noun"/> names what it is in the error (<c>a task</c>).
    /// </summary>
    public T? OneOf<T>(JsonElement? element, string field, string noun, bool required = false)
        where T : struct, Enum
    {
        var name = String(element, field, required);
        if (name is null)
        {
            return null;
        }

        if (JsonEnumNames<T>.TryParse(name, out var value))
        {
            return value;
        }

        Add(field, $"'{name}' is not {noun}; use one of {JsonEnumNames<T>.Listed}.");
        return null;
    }

    /// <summary>A finite number, or null when absent or wrong.</summary>
    public double? Double(JsonElement? element, string field, bool required = false)
    {
        if (Of(element, field, required, "a number", JsonValueKind.Number) is not { } number)
        {
            return null;
        }

        if (!number.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            Add(field, $"must be a finite number; {number.GetRawText()} is not.");
            return null;
        }

        return value;
    }

    /// <summary>A whole number, or null when absent or wrong.</summary>
    public long? Int64(JsonElement? element, string field, bool required = false)
    {
        if (!Present(element, field, required))
        {
            return null;
        }

        if (element!.Value.ValueKind != JsonValueKind.Number || !element.Value.TryGetInt64(out var value))
        {
            Add(field, $"must be a whole number, not {(element.Value.ValueKind == JsonValueKind.Number ? element.Value.GetRawText() : Describe(element.Value.ValueKind))}.");
            return null;
        }

        return value;
    }

    /// <summary>A whole number from 0 to <see cref="int.MaxValue"/>, or null when absent or wrong.</summary>
    public int? NonNegativeInt32(JsonElement? element, string field)
    {
        var value = Int64(element, field);
        if (value is null)
        {
            return null;
        }

        if (value is < 0 or > int.MaxValue)
        {
            Add(field, $"must be a whole number from 0 to {int.MaxValue}; it is {value}.");
            return null;
        }

        return (int)value.Value;
    }

    /// <summary>
    /// A non-empty array of distinct, non-empty strings of at most <paramref name="maxLength"/> characters
    /// (compared without regard to case), at most <paramref name="maxCount"/> of them, trimmed; null when
    /// absent or wrong. <paramref name="noun"/> names one item in the errors (<c>a name or object id</c>).
    /// </summary>
    public IReadOnlyList<string>? DistinctStrings(JsonElement? element, string field, string noun, int maxCount, int maxLength)
    {
        if (Of(element, field, required: false, $"an array of strings, each {noun}", JsonValueKind.Array) is not { } array)
        {
            return null;
        }

        var count = array.GetArrayLength();
        if (count is 0 || count > maxCount)
        {
            Add(field, $"must list from 1 to {maxCount} entries; it lists {count}. Leave it out to set no list.");
            return null;
        }

        var errorsBefore = errors.Count;
        var items = new List<string>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemField = $"{field}[{index++}]";
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()!.Trim() : null;
            if (text is null)
            {
                Add(itemField, $"must be {noun} (a string), not {Describe(item.ValueKind)}.");
            }
            else if (text.Length is 0 || text.Length > maxLength)
            {
                Add(itemField, $"must have from 1 to {maxLength} characters; it has {text.Length}.");
            }
            else if (items.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                Add(itemField, $"'{text}' is listed more than once.");
            }
            else
            {
                items.Add(text);
            }
        }

        return errors.Count > errorsBefore ? null : items;
    }

    /// <summary>True or false, or null when absent or wrong.</summary>
    public bool? Boolean(JsonElement? element, string field) =>
        Of(element, field, required: false, "true or false", JsonValueKind.True, JsonValueKind.False) is { } value ? value.GetBoolean() : null;

    // The member when it is present and of one of the kinds; otherwise null, with the error added.
    private JsonElement? Of(JsonElement? element, string field, bool required, string expected, params JsonValueKind[] kinds)
    {
        if (!Present(element, field, required))
        {
            return null;
        }

        if (!kinds.Contains(element!.Value.ValueKind))
        {
            Add(field, $"must be {expected}, not {Describe(element.Value.ValueKind)}.");
            return null;
        }

        return element;
    }

    /// <summary>Whether a member is set. An explicit null means "not set", the same as leaving the member out.</summary>
    public static bool IsPresent(JsonElement? element) => element is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined };

    /// <summary>A JSON kind in words, for error messages.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>A number as it would be written back, for error messages.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private bool Present(JsonElement? element, string field, bool required)
    {
        if (IsPresent(element))
        {
            return true;
        }

        if (required)
        {
            Add(field, "is required.");
        }

        return false;
    }
}
