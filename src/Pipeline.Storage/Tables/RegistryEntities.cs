using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;
using Pipeline.Core.Staging;

namespace Pipeline.Storage.Tables;

/// <summary>
/// How registry records map onto Table entities. One partition per model holds the model row
/// (production pointer), its versions and its history, so a promotion is one entity-group transaction.
/// History rows are mapped by <see cref="HistoryEntities"/>; the policy row and the upload intent rows by their stores.
/// </summary>
internal static class RegistryEntities
{
    public const string ModelRowKey = "model";
    public static readonly RowKeyRange Versions = new("v_");
    public static readonly RowKeyRange History = new("h_");
    public static readonly RowKeyRange Archive = new("a_");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // The version numbers' index: one row per number naming the version label, so a lookup by number is two point reads.
    public static readonly RowKeyRange Numbers = new("n_");

    public static string VersionRowKey(string version) => Versions.Prefix + version;

    public static string NumberRowKey(int number) => Numbers.Prefix + number.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);

    public static TableEntity ToNumberEntity(string model, int number, string version) => new(model, NumberRowKey(number)) { ["Version"] = version };

    public static string ArchiveRowKey(string version) => Archive.Prefix + version;

    // A version's upload intent (see TableUploadIntentStore): one row, so that who holds it is one conditional write.
    public static string IntentRowKey(string version) => "i_" + version;

    public static TableEntity ToEntity(ArchiveMarker m) => new(m.Model, ArchiveRowKey(m.Version))
    {
        ["Version"] = m.Version,
        ["ArchivedAt"] = m.ArchivedAt,
        ["PurgePending"] = m.PurgePending,
    };

    public static ArchiveMarker ToMarker(TableEntity e) =>
        new(e.PartitionKey, e.GetString("Version"), e.GetDateTimeOffset("ArchivedAt") ?? default, e.GetBoolean("PurgePending") ?? false);

    public static TableEntity ToEntity(ModelVersion v) => new(v.Model, VersionRowKey(v.Version))
    {
        ["Version"] = v.Version,
        ["Number"] = v.Number,
        ["Description"] = TableValues.Text(v.Description),
        ["Tags"] = TableValues.Json(limit => TableValues.Cut(v.Tags, limit), Json),
        ["State"] = v.State.ToString(),
        ["ArtifactPath"] = v.ArtifactPath,
        ["SizeBytes"] = v.SizeBytes,
        ["BlobETag"] = v.BlobETag,
        ["Sha256"] = v.Sha256,
        ["VaultPath"] = v.VaultPath,
        ["Metadata"] = TableValues.Json(limit => TableValues.Cut(v.Metadata, limit), Json),
        ["RegisteredAt"] = v.RegisteredAt,
        ["UpdatedAt"] = v.UpdatedAt,
        ["Attempt"] = v.Attempt,
        ["OrchestrationId"] = v.OrchestrationId,
        ["TestResults"] = TableValues.Json(limit => v.TestResults.Select(r => Cut(r, limit)).ToList(), Json),
        ["AwaitingSince"] = v.AwaitingSince,
        ["ApprovalDueAt"] = v.ApprovalDueAt,
        ["Decisions"] = TableValues.Json(limit => v.Decisions.Select(d => Cut(d, limit)).ToList(), Json),
        ["TransitionRequests"] = TableValues.Json(limit => v.TransitionRequests.Select(r => r with
        {
            Requester = BoundedText.Shorten(r.Requester, limit)!,
            RequesterId = BoundedText.Shorten(r.RequesterId, limit)!,
            Comment = BoundedText.Shorten(r.Comment, limit),
        }).ToList(), Json),
        ["StateReason"] = TableValues.Text(v.StateReason),
        ["PromotedAt"] = v.PromotedAt,
        ["ArchivedAt"] = v.ArchivedAt,
        ["PurgedAt"] = v.PurgedAt,
        ["PurgeReason"] = TableValues.Text(v.PurgeReason),
        ["PurgeMode"] = v.PurgeMode?.ToString(),
        ["UploadedById"] = TableValues.Text(v.UploadedBy?.Id),
        ["UploadedByName"] = TableValues.Text(v.UploadedBy?.Name),
        ["UploadedByVerified"] = v.UploadedBy?.Verified,
        ETag = v.ConcurrencyToken is null ? default : new ETag(v.ConcurrencyToken),
    };

    public static ModelVersion ToVersion(TableEntity e) => new()
    {
        Model = e.PartitionKey,
        Version = e.GetString("Version"),
        Number = e.GetInt32("Number") ?? 0,
        Description = e.GetString("Description"),
        Tags = Deserialize<Dictionary<string, string>>(e.GetString("Tags")) ?? [],
        State = Enum.Parse<VersionState>(e.GetString("State")),
        ArtifactPath = e.GetString("ArtifactPath"),
        SizeBytes = e.GetInt64("SizeBytes") ?? 0,
        BlobETag = e.GetString("BlobETag"),
        Sha256 = e.GetString("Sha256"),
        VaultPath = e.GetString("VaultPath"),
        Metadata = Deserialize<Dictionary<string, string>>(e.GetString("Metadata")) ?? [],
        RegisteredAt = e.GetDateTimeOffset("RegisteredAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        Attempt = e.GetInt32("Attempt") ?? 0,
        OrchestrationId = e.GetString("OrchestrationId"),
        TestResults = Deserialize<List<CheckResult>>(e.GetString("TestResults")) ?? [],
        AwaitingSince = e.GetDateTimeOffset("AwaitingSince"),
        ApprovalDueAt = e.GetDateTimeOffset("ApprovalDueAt"),
        Decisions = Deserialize<List<RecordedDecision>>(e.GetString("Decisions")) ?? [],
        TransitionRequests = Deserialize<List<TransitionRequest>>(e.GetString("TransitionRequests")) ?? [],
        StateReason = e.GetString("StateReason"),
        PromotedAt = e.GetDateTimeOffset("PromotedAt"),
        ArchivedAt = e.GetDateTimeOffset("ArchivedAt"),
        PurgedAt = e.GetDateTimeOffset("PurgedAt"),
        PurgeReason = e.GetString("PurgeReason"),
        PurgeMode = e.GetString("PurgeMode") is { } mode ? Enum.Parse<PurgeMode>(mode) : null,
        UploadedBy = e.GetString("UploadedByName") is { } uploader
            ? new Uploader(e.GetString("UploadedById"), uploader, e.GetBoolean("UploadedByVerified") ?? false)
            : null,
        ConcurrencyToken = e.ETag.ToString(),
    };

    public static TableEntity ToEntity(RegisteredModel m) => new(m.Name, ModelRowKey)
    {
        ["CreatedAt"] = m.CreatedAt,
        ["ProductionVersion"] = m.Production?.Version,
        ["ProductionVaultPath"] = m.Production?.VaultPath,
        ["ProductionSha256"] = m.Production?.Sha256,
        ["ProductionSince"] = m.Production?.Since,
        ["ProductionNumber"] = m.Production?.Number,
        ["LastNumber"] = m.LastNumber,
        ["Description"] = TableValues.Text(m.Description),
        ["Tags"] = TableValues.Json(limit => TableValues.Cut(m.Tags, limit), Json),
        ["Aliases"] = TableValues.Json(_ => m.Aliases, Json),
        ["UpdatedAt"] = m.UpdatedAt,
        ETag = m.ConcurrencyToken is null ? default : new ETag(m.ConcurrencyToken),
    };

    public static RegisteredModel ToModel(TableEntity e)
    {
        var version = e.GetString("ProductionVersion");
        return new RegisteredModel
        {
            Name = e.PartitionKey,
            CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
            Production = version is null
                ? null
                : new ProductionPointer(
                    version,
                    e.GetString("ProductionVaultPath"),
                    e.GetString("ProductionSha256"),
                    e.GetDateTimeOffset("ProductionSince") ?? default,
                    e.GetInt32("ProductionNumber") ?? 0),
            LastNumber = e.GetInt32("LastNumber") ?? 0,
            Description = e.GetString("Description"),
            Tags = Deserialize<Dictionary<string, string>>(e.GetString("Tags")) ?? [],
            Aliases = Deserialize<Dictionary<string, int>>(e.GetString("Aliases")) ?? [],
            UpdatedAt = e.GetDateTimeOffset("UpdatedAt"),
            ConcurrencyToken = e.ETag.ToString(),
        };
    }

    // A check's free text (its reason, the facts it recorded, tensor names among them) cut to the column's bound.
    private static CheckResult Cut(CheckResult result, int maxChars) => result with
    {
        Name = BoundedText.Shorten(result.Name, maxChars)!,
        Reason = BoundedText.Shorten(result.Reason, maxChars)!,
        Details = TableValues.Cut(result.Details, maxChars),
    };

    // A decision's free text (who, and why) cut to the column's bound; its id, round and hash are short already.
    private static RecordedDecision Cut(RecordedDecision decision, int maxChars) => decision with
    {
        Actor = BoundedText.Shorten(decision.Actor, maxChars)!,
        ActorId = BoundedText.Shorten(decision.ActorId, maxChars)!,
        Comment = BoundedText.Shorten(decision.Comment, maxChars),
    };

    private static T? Deserialize<T>(string? json) => string.IsNullOrEmpty(json) ? default : JsonSerializer.Deserialize<T>(json, Json);
}
