using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Pipeline.Api.Identity;
using Pipeline.Core.Access;
using Pipeline.Core.Approvals;
using Pipeline.Core.Catalog;
using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Workflow.Decisions;
using Pipeline.Workflow.Registration;

namespace Pipeline.Api.Mlflow;

/// <summary>
/// The MLflow Model Registry REST API, written once for both hosts: MLflow clients (<c>MlflowClient</c>, the
/// <c>mlflow</c> CLI) talk to the pipeline unchanged, except that a transition to Production goes through the gate.
/// Every call needs a verified identity (a bearer token, <c>MLFLOW_TRACKING_TOKEN</c>) and the role its meaning
/// needs; failures are MLflow's <c>{"error_code", "message"}</c>.
/// </summary>
public sealed class MlflowApi
{
    /// <summary>How long a transition to Production waits for the promotion to be done before answering.</summary>
    public static readonly TimeSpan PromotionWait = TimeSpan.FromSeconds(15);

    private const int DefaultModelPage = 100;
    private const int DefaultVersionPage = 10_000;

    private readonly ICallerResolver callers;
    private readonly ModelCatalog catalog;
    private readonly StageTransitions transitions;
    private readonly TransitionRequests requests;
    private readonly IArtifactStore artifacts;
    private readonly SourceRegistrar sources;
    private readonly FrozenDictionary<string, Operation> operations;

    /// <summary>Creates the API over the catalog and the gate.</summary>
    public MlflowApi(
        ICallerResolver callers, ModelCatalog catalog, StageTransitions transitions, TransitionRequests requests, IArtifactStore artifacts, SourceRegistrar sources)
    {
        this.callers = callers;
        this.catalog = catalog;
        this.transitions = transitions;
        this.requests = requests;
        this.artifacts = artifacts;
        this.sources = sources;
        operations = new Dictionary<string, Operation>(StringComparer.Ordinal)
        {
            ["POST registered-models/create"] = new(PipelineAction.EditCatalog, CreateModelAsync),
            ["GET registered-models/get"] = new(PipelineAction.Read, GetModelAsync),
            ["GET registered-models/search"] = new(PipelineAction.Read, SearchModelsAsync),
            ["PATCH registered-models/update"] = new(PipelineAction.EditCatalog, UpdateModelAsync),
            ["POST registered-models/set-tag"] = new(PipelineAction.EditCatalog, SetModelTagAsync),
            ["DELETE registered-models/delete-tag"] = new(PipelineAction.EditCatalog, DeleteModelTagAsync),
            ["POST registered-models/alias"] = new(PipelineAction.EditCatalog, SetAliasAsync),
            ["GET registered-models/alias"] = new(PipelineAction.Read, GetByAliasAsync),
            ["DELETE registered-models/alias"] = new(PipelineAction.EditCatalog, DeleteAliasAsync),
            ["POST registered-models/get-latest-versions"] = new(PipelineAction.Read, LatestVersionsAsync),
            ["GET registered-models/get-latest-versions"] = new(PipelineAction.Read, LatestVersionsAsync),
            ["POST model-versions/create"] = new(PipelineAction.RegisterVersion, CreateVersionAsync),
            ["GET model-versions/get"] = new(PipelineAction.Read, GetVersionAsync),
            ["GET model-versions/search"] = new(PipelineAction.Read, SearchVersionsAsync),
            ["POST model-versions/set-tag"] = new(PipelineAction.EditCatalog, SetVersionTagAsync),
            ["DELETE model-versions/delete-tag"] = new(PipelineAction.EditCatalog, DeleteVersionTagAsync),
            ["PATCH model-versions/update"] = new(PipelineAction.EditCatalog, UpdateVersionAsync),
            ["GET model-versions/get-download-uri"] = new(PipelineAction.Read, GetDownloadUriAsync),
            // The stage's meaning decides the role (approver, operator): StageTransitions checks it.
            ["POST model-versions/transition-stage"] = new(PipelineAction.Read, TransitionStageAsync),
            ["POST transition-requests/create"] = new(PipelineAction.RequestTransition, CreateRequestAsync),
            ["GET transition-requests/list"] = new(PipelineAction.Read, ListRequestsAsync),
            ["POST transition-requests/approve"] = new(PipelineAction.Approve, ApproveRequestAsync),
            ["POST transition-requests/reject"] = new(PipelineAction.Reject, RejectRequestAsync),
        }.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private delegate Task<object> Handler(Call call);

    /// <summary>Every operation this API answers, as <c>METHOD path</c> (the path under <c>/api/2.0/mlflow/</c>).</summary>
    public IEnumerable<string> Operations => operations.Keys;

    /// <summary>
    /// Answers one MLflow call: <paramref name="operation"/> is the path under <c>/api/2.0/mlflow/</c>. Who is asking
    /// comes first (401 <c>UNAUTHENTICATED</c>), then whether the path is an operation (404 <c>ENDPOINT_NOT_FOUND</c>),
    /// then whether the caller's roles allow it (403 <c>PERMISSION_DENIED</c>).
    /// </summary>
    public async Task<IResult> DispatchAsync(HttpRequest request, DurableTaskClient client, string? operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var caller = await callers.ResolveAsync(request, cancellationToken);
            if (!operations.TryGetValue($"{request.Method.ToUpperInvariant()} {operation?.TrimEnd('/')}", out var found))
            {
                return MlflowErrors.Error(
                    StatusCodes.Status404NotFound, MlflowErrors.EndpointNotFound, $"No MLflow endpoint answers {request.Method} {request.Path}.");
            }

            AccessRules.Demand(caller, found.Action);
            var fields = await MlflowRequest.ReadAsync(request, cancellationToken);
            return Results.Json(await found.Handler(new Call(caller, fields, client, cancellationToken)), MlflowJson.Options);
        }
        catch (PipelineException e)
        {
            return MlflowErrors.From(e);
        }
        catch (Exception e) when (Http.ServiceFailures.IsUnavailable(e, cancellationToken))
        {
            return MlflowErrors.From(Http.ServiceFailures.AsUnavailable(e));
        }
    }

    private async Task<object> CreateModelAsync(Call call)
    {
        var model = await catalog.CreateModelAsync(call.Fields.Required("name"), call.Fields.Optional("description"), call.Fields.Tags(), call.Cancellation);
        return new { registered_model = model.ToMlflow([]) };
    }

    private async Task<object> GetModelAsync(Call call) =>
        new { registered_model = await RegisteredModelAsync(await catalog.GetModelAsync(call.Fields.Required("name"), call.Cancellation), call.Cancellation) };

    private async Task<object> SearchModelsAsync(Call call)
    {
        var filter = CatalogFilter.Parse(call.Fields.Optional("filter"), forVersions: false);
        var page = await catalog.SearchModelsAsync(
            filter, call.Fields.Int("max_results", DefaultModelPage, 1, ModelCatalog.MaxPageSize), call.Fields.Optional("page_token"), call.Cancellation);
        var models = new List<MlflowRegisteredModel>(page.Items.Count);
        foreach (var model in page.Items)
        {
            models.Add(await RegisteredModelAsync(model, call.Cancellation));
        }

        return new { registered_models = models, next_page_token = page.NextPageToken };
    }

    private async Task<object> UpdateModelAsync(Call call) =>
        new { registered_model = await RegisteredModelAsync(await catalog.DescribeModelAsync(call.Fields.Required("name"), call.Fields.Optional("description"), call.Cancellation), call.Cancellation) };

    private async Task<object> SetModelTagAsync(Call call)
    {
        await catalog.SetModelTagAsync(call.Fields.Required("name"), call.Fields.Required("key"), call.Fields.Optional("value") ?? string.Empty, call.Cancellation);
        return Empty;
    }

    private async Task<object> DeleteModelTagAsync(Call call)
    {
        await catalog.DeleteModelTagAsync(call.Fields.Required("name"), call.Fields.Required("key"), call.Cancellation);
        return Empty;
    }

    private async Task<object> SetAliasAsync(Call call)
    {
        await catalog.SetAliasAsync(call.Fields.Required("name"), call.Fields.Required("alias"), call.Fields.VersionNumber(), call.Cancellation);
        return Empty;
    }

    private async Task<object> GetByAliasAsync(Call call)
    {
        var name = call.Fields.Required("name");
        var version = await catalog.GetByAliasAsync(name, call.Fields.Required("alias"), call.Cancellation);
        return new { model_version = version.ToMlflow(await catalog.GetModelAsync(name, call.Cancellation)) };
    }

    private async Task<object> DeleteAliasAsync(Call call)
    {
        await catalog.DeleteAliasAsync(call.Fields.Required("name"), call.Fields.Required("alias"), call.Cancellation);
        return Empty;
    }

    private async Task<object> LatestVersionsAsync(Call call)
    {
        var name = call.Fields.Required("name");
        var stages = call.Fields.Strings("stages").Select(s => ParseStage(s, "stages")).ToList();
        // MLflow's "None" stage holds nothing here: every version is in Staging from its registration on.
        var wanted = stages.Where(s => s is not null).Select(s => s!.Value).ToHashSet();
        var versions = stages.Count > 0 && wanted.Count == 0 ? [] : await catalog.LatestVersionsAsync(name, wanted, call.Cancellation);
        var model = await catalog.GetModelAsync(name, call.Cancellation);
        return new { model_versions = versions.Select(v => v.ToMlflow(model)).ToList() };
    }

    private async Task<object> CreateVersionAsync(Call call)
    {
        var name = call.Fields.Required("name");
        var description = call.Fields.Optional("description");
        CatalogRules.ValidateDescription(description);
        var tags = call.Fields.Tags();
        CatalogRules.ValidateTags(tags, onVersion: true);

        var request = new SourceVersionRequest(name, call.Fields.Required("source"), description, tags, call.Fields.Optional("run_id"));
        var version = await sources.CreateAsync(call.Client, request, call.Caller, call.Cancellation);
        return new { model_version = version.ToMlflow(await catalog.GetModelAsync(name, call.Cancellation)) };
    }

    private async Task<object> GetVersionAsync(Call call)
    {
        var (model, version) = await FindVersionAsync(call);
        return new { model_version = version.ToMlflow(model) };
    }

    private async Task<object> SearchVersionsAsync(Call call)
    {
        var filter = CatalogFilter.Parse(call.Fields.Optional("filter"), forVersions: true);
        var page = await catalog.SearchVersionsAsync(
            filter, call.Fields.Int("max_results", DefaultVersionPage, 1, ModelCatalog.MaxPageSize), call.Fields.Optional("page_token"), call.Cancellation);
        var models = new Dictionary<string, RegisteredModel>(StringComparer.Ordinal);
        var versions = new List<MlflowModelVersion>(page.Items.Count);
        foreach (var version in page.Items)
        {
            if (!models.TryGetValue(version.Model, out var model))
            {
                models[version.Model] = model = await catalog.GetModelAsync(version.Model, call.Cancellation);
            }

            versions.Add(version.ToMlflow(model));
        }

        return new { model_versions = versions, next_page_token = page.NextPageToken };
    }

    private async Task<object> SetVersionTagAsync(Call call)
    {
        await catalog.SetVersionTagAsync(
            call.Fields.Required("name"), call.Fields.VersionNumber(), call.Fields.Required("key"), call.Fields.Optional("value") ?? string.Empty, call.Cancellation);
        return Empty;
    }

    private async Task<object> DeleteVersionTagAsync(Call call)
    {
        await catalog.DeleteVersionTagAsync(call.Fields.Required("name"), call.Fields.VersionNumber(), call.Fields.Required("key"), call.Cancellation);
        return Empty;
    }

    private async Task<object> UpdateVersionAsync(Call call)
    {
        var name = call.Fields.Required("name");
        var version = await catalog.DescribeVersionAsync(name, call.Fields.VersionNumber(), call.Fields.Optional("description"), call.Cancellation);
        return new { model_version = version.ToMlflow(await catalog.GetModelAsync(name, call.Cancellation)) };
    }

    private async Task<object> GetDownloadUriAsync(Call call)
    {
        var (_, version) = await FindVersionAsync(call);
        // Only the bytes that were tested are handed out: the vault copy, made by the version's integrity check.
        return version is { VaultPath: { } vault, PurgedAt: null }
            ? new { artifact_uri = artifacts.GetUri(vault).ToString() }
            : throw new VersionStateConflictException(version.Model, version.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "download", version.State,
                version.PurgedAt is null ? "Its artifact is served once its staging tests have secured a copy of it." : "Its artifact was purged by the retention policy.");
    }

    private async Task<object> TransitionStageAsync(Call call)
    {
        var (_, version) = await FindVersionAsync(call);
        var stage = ParseStage(call.Fields.Required("stage"), "stage")
            ?? throw new InvalidRequestException("'None' is not a stage a version can be moved to: every version is in Staging from its registration on.");
        var moved = await transitions.TransitionAsync(call.Client, Key(version), call.Caller, stage, comment: null, PromotionWait, call.Cancellation);
        return new { model_version = moved.ToMlflow(await catalog.GetModelAsync(version.Model, call.Cancellation)) };
    }

    private async Task<object> CreateRequestAsync(Call call)
    {
        var (_, version) = await FindVersionAsync(call);
        // A request asks for Production; TransitionRequests says why any other stage is refused.
        var stage = ParseStage(call.Fields.Required("stage"), "stage")
            ?? throw new InvalidRequestException("A transition request asks for Production, which an approver grants; 'None' is no stage to ask for.");
        var request = await requests.CreateAsync(Key(version), call.Caller, stage, call.Fields.Optional("comment"), call.Cancellation);
        return new { request = ToMlflow(request) };
    }

    private async Task<object> ListRequestsAsync(Call call)
    {
        var (_, version) = await FindVersionAsync(call);
        return new { requests = TransitionRequests.Pending(version).Select(ToMlflow).ToList() };
    }

    private async Task<object> ApproveRequestAsync(Call call)
    {
        var (_, version) = await FindVersionAsync(call);
        var stage = ParseStage(call.Fields.Required("stage"), "stage");
        if (stage != Stage.Production)
        {
            throw new InvalidRequestException("A transition request is approved to Production: the stage the gate grants.");
        }

        var comment = call.Fields.Optional("comment");
        var moved = await transitions.TransitionAsync(call.Client, Key(version), call.Caller, Stage.Production, comment, PromotionWait, call.Cancellation);
        return new { activity = Activity("APPROVED_REQUEST", call.Caller, version, moved, comment) };
    }

    private async Task<object> RejectRequestAsync(Call call)
    {
        var (_, version) = await FindVersionAsync(call);
        var comment = call.Fields.Optional("comment");
        var moved = await transitions.RejectAsync(call.Client, Key(version), call.Caller, comment ?? "The transition request was rejected.", call.Cancellation);
        return new { activity = Activity("REJECTED_REQUEST", call.Caller, version, moved, comment) };
    }

    private async Task<(RegisteredModel Model, ModelVersion Version)> FindVersionAsync(Call call)
    {
        var name = call.Fields.Required("name");
        var number = call.Fields.VersionNumber();
        var model = await catalog.GetModelAsync(name, call.Cancellation);
        return (model, await catalog.GetVersionAsync(name, number, call.Cancellation));
    }

    // The production version stands in for MLflow's "latest per stage" here, so that the read clients send before
    // most calls stays at most two point reads; registered-models/get-latest-versions gives every stage.
    private async Task<MlflowRegisteredModel> RegisteredModelAsync(RegisteredModel model, CancellationToken cancellationToken)
    {
        var production = await catalog.FindProductionVersionAsync(model, cancellationToken);
        return model.ToMlflow(production is { Number: > 0 } ? [production] : []);
    }

    private static MlflowTransitionRequest ToMlflow(TransitionRequest request) => new(
        request.Id, MlflowMapping.Milliseconds(request.At), request.ToStage.ToString(), request.Requester, request.Comment,
        ["APPROVE_TRANSITION_REQUEST", "REJECT_TRANSITION_REQUEST"]);

    private static MlflowActivity Activity(string type, Caller caller, ModelVersion before, ModelVersion after, string? comment) => new(
        Guid.NewGuid().ToString("N"), type, MlflowMapping.Milliseconds(after.UpdatedAt), caller.Name, before.Stage.ToString(),
        type == "APPROVED_REQUEST" ? Stage.Production.ToString() : before.Stage.ToString(), comment,
        $"Version {after.Number} is {VersionStates.Describe(after.State)}.");

    private static ModelVersionKey Key(ModelVersion version) => ModelVersionKey.Create(version.Model, version.Version);

    // Stages by MLflow's names, in any case; "None" is MLflow's stage of a version no stage was given, and null here.
    private static Stage? ParseStage(string text, string field) =>
        text.Equals("None", StringComparison.OrdinalIgnoreCase) ? null
        : Enum.TryParse<Stage>(text, ignoreCase: true, out var stage) && Enum.IsDefined(stage) && !char.IsAsciiDigit(text[0]) ? stage
        : throw new InvalidRequestException($"Invalid value '{text}' for parameter '{field}': a stage is one of None, Staging, Production, Archived.");

    private static readonly object Empty = new { };

    private sealed record Operation(PipelineAction Action, Handler Handler);

    private sealed record Call(Caller Caller, MlflowRequest Fields, DurableTaskClient Client, CancellationToken Cancellation);
}
