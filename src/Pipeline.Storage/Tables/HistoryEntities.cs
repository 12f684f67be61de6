using Azure.Data.Tables;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;

namespace Pipeline.Storage.Tables;

/// <summary>How history entries map onto the <c>h_</c> rows of a model's registry partition.</summary>
internal static class HistoryEntities
{
    // Inverted ticks sort newest first, so the rows at or before an instant start at this key.
    public static string RowKeyPrefixAt(DateTimeOffset at) => $"{RegistryEntities.HistoryPrefix}{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}";

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
            ["Actor"] = h.Actor,
            ["Reason"] = h.Reason,
            ["OrchestrationId"] = h.OrchestrationId,
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
    };
}
