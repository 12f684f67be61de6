using Pipeline.Core.Catalog;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;

namespace Pipeline.Api.Mlflow;

/// <summary>How the registry's records read as MLflow's.</summary>
internal static class MlflowMapping
{
    /// <summary>The version tag holding the workflow status (<c>Testing</c>, <c>AwaitingApproval</c>, …).</summary>
    public const string StateTag = CatalogRules.SystemTagPrefix + "state";

    /// <summary>The version tag holding the pipeline's version label.</summary>
    public const string LabelTag = CatalogRules.SystemTagPrefix + "label";

    public static MlflowModelVersion ToMlflow(this ModelVersion v, RegisteredModel model) => new(
        v.Model,
        v.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Milliseconds(v.RegisteredAt),
        Milliseconds(v.UpdatedAt),
        v.UploadedBy?.Name,
        v.Stage.ToString(),
        v.Description ?? v.Metadata.GetValueOrDefault("description"),
        v.Metadata.GetValueOrDefault(Core.Sources.SourceMetadata.Source) ?? v.ArtifactPath,
        v.Metadata.GetValueOrDefault(Core.Sources.SourceMetadata.RunId),
        StatusOf(v.State),
        v.State is VersionState.RegistrationFailed or VersionState.TestsFailed or VersionState.Rejected or VersionState.ApprovalExpired ? v.StateReason : null,
        [
            new MlflowTag(StateTag, (v.Status ?? v.State).ToString()),
            new MlflowTag(LabelTag, v.Version),
            .. v.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new MlflowTag(t.Key, t.Value)),
        ],
        ModelCatalog.AliasesOf(model, v));

    public static MlflowRegisteredModel ToMlflow(this RegisteredModel m, IReadOnlyList<ModelVersion> latest) => new(
        m.Name,
        Milliseconds(m.CreatedAt),
        Milliseconds(new[] { m.CreatedAt, m.UpdatedAt ?? m.CreatedAt, m.Production?.Since ?? m.CreatedAt }.Max()),
        m.Description,
        [.. latest.Select(v => v.ToMlflow(m))],
        [.. m.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new MlflowTag(t.Key, t.Value))],
        [
            .. m.Production is { Number: > 0 } production ? [new MlflowAlias(CatalogRules.ProductionAlias, Number(production.Number))] : Array.Empty<MlflowAlias>(),
            .. m.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new MlflowAlias(a.Key, Number(a.Value))),
        ]);

    /// <summary>MLflow's registration status: pending until registered, failed when its source could not be read, ready after.</summary>
    public static string StatusOf(VersionState state) => state switch
    {
        VersionState.Registered => "PENDING_REGISTRATION",
        VersionState.RegistrationFailed => "FAILED_REGISTRATION",
        _ => "READY",
    };

    public static long Milliseconds(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static string Number(int number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
