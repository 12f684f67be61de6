using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Events;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;

namespace Pipeline.Storage.Tables;

/// <summary>
/// How outbox events map onto the <c>e_</c> rows of a model's registry partition: beside the history
/// entry they report, so both are written in one transaction. Keys sort oldest first.
/// </summary>
internal static class EventEntities
{
    public static readonly RowKeyRange Events = new("e_");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The history entry and, when it is an event out, its outbox row, for one transaction. An event of a type that
    /// <paramref name="subscribers"/> says nobody takes is written settled: no deliveries, not pending. Without
    /// <paramref name="subscribers"/> every event is written pending, for the dispatcher to decide.
    /// </summary>
    public static IEnumerable<TableTransactionAction> ForEntry(HistoryEntry entry, IEventSubscribers? subscribers, int position = 0)
    {
        yield return new TableTransactionAction(TableTransactionActionType.Add, HistoryEntities.ToEntity(entry, position));
        if (PipelineEvents.For(entry) is { } reported)
        {
            var row = ToEntity(reported, position);
            if (subscribers is not null && !subscribers.AnyFor(reported.Type))
            {
                row["Pending"] = false;
                row["Deliveries"] = "[]";
            }

            yield return new TableTransactionAction(TableTransactionActionType.Add, row);
        }
    }

    public static TableEntity ToEntity(PipelineEvent e, int position) =>
        new(e.Model, string.Create(CultureInfo.InvariantCulture, $"{Events.Prefix}{e.At.UtcTicks:D19}_{position:D2}{e.Id}"))
        {
            ["EventId"] = e.Id,
            ["Type"] = JsonEnumNames<PipelineEventType>.NameOf(e.Type),
            ["Version"] = e.Version,
            ["At"] = e.At,
            ["Actor"] = TableValues.Text(e.Actor),
            ["Reason"] = TableValues.Text(e.Reason),
            ["State"] = e.State?.ToString(),
            ["Recipients"] = e.Recipients.Count == 0 ? null : TableValues.Json(limit => e.Recipients.Select(r => BoundedText.Shorten(r, limit)).ToList(), Json),
            ["Pending"] = true,
        };

    public static TableEntity ToEntity(OutboxEntry entry)
    {
        var entity = ToEntity(entry.Event, 0);
        entity.RowKey = entry.Position;
        entity["Pending"] = entry.Pending;
        entity["Deliveries"] = entry.Deliveries is null ? null : TableValues.Json(limit => entry.Deliveries.Select(d => d with { LastResult = BoundedText.Shorten(d.LastResult, limit) }).ToList(), Json);
        entity.ETag = entry.ConcurrencyToken is null ? default : new ETag(entry.ConcurrencyToken);
        return entity;
    }

    public static OutboxEntry ToEntry(TableEntity e) => new()
    {
        Event = new PipelineEvent(
            e.GetString("EventId"),
            JsonEnumNames<PipelineEventType>.Parse(e.GetString("Type")),
            e.PartitionKey,
            e.GetString("Version"),
            e.GetDateTimeOffset("At") ?? default,
            e.GetString("Actor"),
            e.GetString("Reason"),
            e.GetString("State") is { } state ? Enum.Parse<VersionState>(state) : null,
            e.GetString("Recipients") is { Length: > 0 } recipients ? JsonSerializer.Deserialize<List<string>>(recipients, Json) ?? [] : []),
        Position = e.RowKey,
        Deliveries = e.GetString("Deliveries") is { Length: > 0 } json ? JsonSerializer.Deserialize<List<EventDelivery>>(json, Json) : null,
        ConcurrencyToken = e.ETag.ToString(),
    };
}
