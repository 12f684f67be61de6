using System.Text.Json;
using Azure.Data.Tables;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;

namespace Pipeline.Storage.Tables;

/// <summary>How history entries map onto the <c>h_</c> rows of a model's registry partition.</summary>
internal static class HistoryEntities
{
    /// <summary>
    /// The longest Changes column written: an entry must never fail to be written for its detail, so
    /// longer lists end in "…and N more".
    /// </summary>
    public const int MaxChangesChars = TableValues.MaxPropertyChars;

    /// <summary>The longest value (or field name) kept in one change, so that one long feature list cannot crowd out the rest.</summary>
    public const int MaxChangeValueChars = 2_000;

    // Room left for the closing "…and N more" change.
    private const int ReservedChars = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Inverted ticks sort newest first, so the rows at or before an instant start at this key.
    public static string RowKeyPrefixAt(DateTimeOffset at) => $"{RegistryEntities.History.Prefix}{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}";

    public static TableEntity ToEntity(HistoryEntry h, int position = 0)
    {
        // Entries written together share an instant; their position in the write keeps them in the
        // order they were given, and the GUID keeps writes apart.
        var rowKey = $"{RowKeyPrefixAt(h.At)}_{position:D2}{Guid.NewGuid():N}";
        return new TableEntity(h.Model, rowKey)
        {
            ["At"] = h.At,
            ["Version"] = h.Version,
            ["Action"] = JsonEnumNames<HistoryAction>.NameOf(h.Action),
            ["From"] = h.From?.ToString(),
            ["To"] = h.To?.ToString(),
            ["Actor"] = TableValues.Text(h.Actor),
            ["Reason"] = TableValues.Text(h.Reason),
            ["OrchestrationId"] = h.OrchestrationId,
            ["Changes"] = ToColumn(h.Changes),
            ["Recipients"] = h.Recipients.Count == 0 ? null : TableValues.Json(limit => h.Recipients.Select(r => BoundedText.Shorten(r, limit)).ToList(), Json),
        };
    }

    public static HistoryEntry ToHistory(TableEntity e) => new()
    {
        At = e.GetDateTimeOffset("At") ?? default,
        Model = e.PartitionKey,
        Version = e.GetString("Version"),
        Action = JsonEnumNames<HistoryAction>.Parse(e.GetString("Action")),
        From = e.GetString("From") is { } from ? Enum.Parse<VersionState>(from) : null,
        To = e.GetString("To") is { } to ? Enum.Parse<VersionState>(to) : null,
        Actor = e.GetString("Actor"),
        Reason = e.GetString("Reason"),
        OrchestrationId = e.GetString("OrchestrationId"),
        Changes = e.GetString("Changes") is { Length: > 0 } changes ? JsonSerializer.Deserialize<List<FieldChange>>(changes, Json) ?? [] : [],
        Recipients = e.GetString("Recipients") is { Length: > 0 } recipients ? JsonSerializer.Deserialize<List<string>>(recipients, Json) ?? [] : [],
    };

    private static string? ToColumn(IReadOnlyList<FieldChange> changes)
    {
        if (changes.Count == 0)
        {
            return null;
        }

        var kept = new List<FieldChange>(changes.Count);
        var length = 2;
        for (var i = 0; i < changes.Count; i++)
        {
            var change = new FieldChange(Shorten(changes[i].Field)!, Shorten(changes[i].Before), Shorten(changes[i].After));
            var changeLength = JsonSerializer.Serialize(change, Json).Length + 1;
            if (length + changeLength > MaxChangesChars - ReservedChars)
            {
                kept.Add(new FieldChange($"…and {changes.Count - i} more", null, null));
                break;
            }

            kept.Add(change);
            length += changeLength;
        }

        return JsonSerializer.Serialize(kept, Json);
    }

    private static string? Shorten(string? value) => BoundedText.Shorten(value, MaxChangeValueChars);
}
