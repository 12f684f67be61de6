using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Pipeline.Api.Identity;
using Pipeline.Core.Access;
using Pipeline.Core.Approvals;
using Pipeline.Core.Errors;
using Pipeline.Core.Events;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;
using Pipeline.Core.Uploads;
using Pipeline.Workflow.Cleanup;
using Pipeline.Workflow.Decisions;

namespace Pipeline.Api.Http;

/// <summary>
/// The HTTP API, written once for both hosts: the Functions app's HTTP triggers and the local
/// runtime's routes call these methods. Each first learns who the caller is (<see cref="ICallerResolver"/>,
/// 401 without a verified identity) and whether its roles allow the action (<see cref="AccessRules"/>, 403),
/// then validates, calls one service and maps the result; domain failures become problem responses in
/// <see cref="ApiProblems"/>.
/// </summary>
public sealed class ModelApi(
    ApiGate gate,
    ModelQueries queries,
    ProductionSwitch production,
    VersionCommands commands,
    CleanupRunner cleanup,
    ModelPolicies policies,
    IUploadLog uploads,
    IReportStore reports,
    IArtifactStore artifacts,
    IEventOutbox events,
    UploadIntents intents,
    ApprovalInbox inbox)
{
    private const int MaxTextLength = 2000;

    /// <summary>GET /api/models: one page of models by name (<see cref="ApiPaging"/>), from the models index.</summary>
    public Task<IResult> ListModelsAsync(HttpRequest request, CancellationToken cancellationToken) => Handle(request, PipelineAction.Read, async _ =>
    {
        var page = await queries.ListModelsAsync(ApiPaging.Read(request), cancellationToken);
        return ApiPaging.Json(
            request,
            page.Items.Select(m => new ModelSummaryResponse(m.Name, m.CreatedAt, m.Production?.ToResponse(m.Name, artifacts))).ToList(),
            page.NextPageToken);
    }, cancellationToken);

    /// <summary>GET /api/models/{model}: the model with one page of its versions, newest first (the page's <c>Link</c> reads on).</summary>
    public Task<IResult> GetModelAsync(HttpRequest request, string model, CancellationToken cancellationToken) => Handle(request, PipelineAction.Read, async _ =>
    {
        var (details, next) = await queries.GetModelAsync(model, ApiPaging.Read(request), cancellationToken);
        return ApiPaging.Json(
            request,
            new ModelResponse(
                details.Model.Name,
                details.Model.CreatedAt,
                details.Model.Production?.ToResponse(model, artifacts),
                details.Versions.Select(v => v.ToResponse()).ToList()),
            next);
    }, cancellationToken);

    /// <summary>
    /// GET /api/models/{model}/versions/{version}: the registry's record, plus where its workflow is
    /// (the workflow follows the registry; after a crash it may lag behind it for a while).
    /// </summary>
    public Task<IResult> GetVersionAsync(
        HttpRequest request, DurableTaskClient client, string model, string version, CancellationToken cancellationToken) => Handle(request, PipelineAction.Read, async _ =>
    {
        var found = await queries.GetVersionAsync(ModelVersionKey.Create(model, version), cancellationToken);
        // The workflow's status and the comparison with production are independent reads: both at once.
        var workflow = FindWorkflowAsync(client, found, cancellationToken);
        var againstProduction = inbox.CompareWithProductionAsync(found, cancellationToken);
        await Task.WhenAll(workflow, againstProduction);
        return Json(found.ToResponse() with { Workflow = await workflow, AgainstProduction = await againstProduction });
    }, cancellationToken);

    private static async Task<WorkflowResponse?> FindWorkflowAsync(DurableTaskClient client, ModelVersion version, CancellationToken cancellationToken) =>
        version.OrchestrationId is { } instanceId
            && await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken) is { } instance
            ? new WorkflowResponse(instanceId, instance.RuntimeStatus.ToString(), instance.ReadCustomStatusAs<string>(), instance.LastUpdatedAt)
            : null;

    /// <summary>
    /// GET /api/models/{model}/production: the serving path, from the node's memory within its staleness bound, else one
    /// point read (<see cref="ProductionCaching"/> for the HTTP caching headers); with <c>?at=</c> an ISO 8601 instant,
    /// which version was in production then, from the history. The caller is checked on every request, cached or not.
    /// </summary>
    public Task<IResult> GetProductionAsync(HttpRequest request, string model, string? at, CancellationToken cancellationToken) => Handle(request, PipelineAction.Read, async _ =>
    {
        if (at is null)
        {
            return ProductionCaching.Answer(request, await queries.GetProductionAsync(model, ProductionCaching.MaxAgeOf(request), cancellationToken), artifacts);
        }

        if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            throw new InvalidRequestException($"'at' must be an ISO 8601 instant such as 2026-11-20T10:00:00Z; '{at}' is not.");
        }

        var (version, since) = await queries.GetProductionAtAsync(model, instant, cancellationToken);
        return Json(new ProductionResponse(model, version.Version, artifacts.GetUri(version.VaultPath!), version.Sha256!, since));
    }, cancellationToken);

    /// <summary>POST /api/models/{model}/rollback <c>{"expectedCurrent": "...", "toVersion": "...", "reason": "..."}</c>: the emergency path, no approval.</summary>
    public Task<IResult> RollbackAsync(HttpRequest request, string model, CancellationToken cancellationToken) => Handle(request, PipelineAction.Rollback, async caller =>
    {
        ModelVersionKey.ValidateModel(model);
        var body = await JsonBody.ReadAsync(request, new RollbackRequest(null, null, null), cancellationToken);
        // Required: a rollback sent twice, or after someone else changed production, must not undo what it did not see.
        var expectedCurrent = Optional(body.ExpectedCurrent, "expectedCurrent")
            ?? throw new InvalidRequestException("A rollback names the production version it replaces: send {\"expectedCurrent\": \"<version>\"} with the version GET …/production answers.");
        var toVersion = Optional(body.ToVersion, "toVersion");
        if (toVersion is not null && NamingRules.ExplainInvalidVersionLabel(toVersion) is { } invalid)
        {
            throw new InvalidNameException("version", invalid);
        }

        var restored = await production.RollbackAsync(model, toVersion, expectedCurrent, caller.Name, Optional(body.Reason, "reason"), cancellationToken);
        return Json(restored.ToResponse());
    }, cancellationToken);

    /// <summary>GET /api/models/{model}/history: one page of the audit trail, newest first.</summary>
    public Task<IResult> GetHistoryAsync(HttpRequest request, string model, CancellationToken cancellationToken) => Handle(request, PipelineAction.Read, async _ =>
    {
        var page = await queries.GetHistoryAsync(model, ApiPaging.Read(request), cancellationToken);
        return ApiPaging.Json(request, page.Items.Select(h => h.ToResponse()).ToList(), page.NextPageToken);
    }, cancellationToken);

    /// <summary>GET /api/uploads/rejected: one page, most recently seen first.</summary>
    public Task<IResult> ListRejectedUploadsAsync(HttpRequest request, CancellationToken cancellationToken) => Handle(request, PipelineAction.Read, async _ =>
    {
        var page = ApiPaging.Read(request).Slice(
            await uploads.ListRejectedAsync(cancellationToken), u => PageRequest.Key(PageRequest.NewestFirst(u.SeenAt), u.BlobName));
        return ApiPaging.Json(request, page.Items.Select(u => new RejectedUploadResponse(u.BlobName, u.Reason, u.SeenAt)).ToList(), page.NextPageToken);
    }, cancellationToken);

    /// <summary>
    /// GET /api/events: one page of events out, oldest first within a model, with every delivery's attempts and result;
    /// <c>?model=</c> one model's, <c>?status=pending|delivered|failed</c> those with a delivery in that status.
    /// </summary>
    public Task<IResult> ListEventsAsync(HttpRequest request, string? model, string? status, string? limit, CancellationToken cancellationToken) =>
        Handle(request, PipelineAction.Read, async _ =>
        {
            if (model is not null)
            {
                ModelVersionKey.ValidateModel(model);
            }

            DeliveryStatus? wanted = null;
            if (status is not null)
            {
                wanted = Core.Policies.JsonEnumNames<DeliveryStatus>.TryParse(status, out var parsed)
                    ? parsed
                    : throw new InvalidRequestException($"'status' is one of {Core.Policies.JsonEnumNames<DeliveryStatus>.Listed}; '{status}' is not.");
            }

            var page = ApiPaging.Read(request, limit);
            var found = await events.ListAsync(model, wanted, page.After, page.Limit, cancellationToken);
            return ApiPaging.Json(request, found.Items.Select(e => e.ToResponse()).ToList(), PageRequest.TokenAfter(found.After));
        }, cancellationToken);

    /// <summary>POST /api/models/{model}/versions/{version}/approve <c>{"comment": "..."}</c>.</summary>
    public Task<IResult> ApproveAsync(
        HttpRequest request, DurableTaskClient client, string model, string version, CancellationToken cancellationToken) => Handle(request, PipelineAction.Approve, async caller =>
    {
        var key = ModelVersionKey.Create(model, version);
        var body = await JsonBody.ReadAsync(request, new ApproveRequest(null), cancellationToken);
        return await DecideAsync(client, key, caller, approved: true, Optional(body.Comment, "comment"), cancellationToken);
    }, cancellationToken);

    /// <summary>POST /api/models/{model}/versions/{version}/reject <c>{"reason": "..."}</c>.</summary>
    public Task<IResult> RejectAsync(
        HttpRequest request, DurableTaskClient client, string model, string version, CancellationToken cancellationToken) => Handle(request, PipelineAction.Reject, async caller =>
    {
        var key = ModelVersionKey.Create(model, version);
        var body = await JsonBody.ReadAsync(request, new RejectRequest(null), cancellationToken);
        var reason = Optional(body.Reason, "reason")
            ?? throw new InvalidRequestException("A rejection needs a reason: send {\"reason\": \"...\"}.");
        return await DecideAsync(client, key, caller, approved: false, reason, cancellationToken);
    }, cancellationToken);

    /// <summary>POST /api/models/{model}/versions/{version}/retest.</summary>
    public Task<IResult> RetestAsync(
        HttpRequest request, DurableTaskClient client, string model, string version, CancellationToken cancellationToken) => Handle(request, PipelineAction.Retest, async _ =>
    {
        var key = ModelVersionKey.Create(model, version);
        var instanceId = await commands.RetestAsync(client, key, cancellationToken);
        return Accepted(new AcceptedResponse(key.Model, key.Version, "retest", instanceId, "A new round of staging tests was started."));
    }, cancellationToken);

    /// <summary>
    /// POST /api/models/{model}/versions/{version}/uploads <c>{"fileName": "model.onnx"}</c>: a write-only URL for that
    /// one blob, minutes long, recorded with the verified caller, who becomes the version's verified uploader.
    /// </summary>
    public Task<IResult> CreateUploadIntentAsync(HttpRequest request, string model, string version, CancellationToken cancellationToken) =>
        Handle(request, PipelineAction.CreateUploadIntent, async caller =>
    {
        var key = ModelVersionKey.Create(model, version);
        var body = await JsonBody.ReadAsync(request, new UploadIntentRequest(null), cancellationToken);
        if (string.IsNullOrWhiteSpace(body.FileName))
        {
            throw new InvalidRequestException("An upload intent names the file: send {\"fileName\": \"model.onnx\"}.");
        }

        var path = ArtifactPath.TryParse($"{key.Model}/{key.Version}/{body.FileName}")
            ?? throw new InvalidNameException("fileName", $"The file name must be 1 to {ArtifactPath.MaxFileNameLength} printable characters, without '/', and not '.' or '..'; '{body.FileName}' is not.");
        var intent = await intents.CreateAsync(path, caller, cancellationToken);
        var response = Results.Json(new UploadIntentResponse(intent.UploadUrl, intent.BlobPath, intent.ExpiresAt), ApiJson.Options, statusCode: StatusCodes.Status201Created);
        return new WithHeaders(response, ("Location", $"/{ApiRoutes.Prefix}/models/{key.Model}/versions/{key.Version}"));
    }, cancellationToken);

    /// <summary>GET /api/models/{model}/versions/{version}/report: the full staging report, the evidence for an approver.</summary>
    public Task<IResult> GetReportAsync(HttpRequest request, string model, string version, CancellationToken cancellationToken) => Handle(request, PipelineAction.Read, async _ =>
    {
        var key = ModelVersionKey.Create(model, version);
        var current = await queries.GetVersionAsync(key, cancellationToken);
        var report = await reports.FindStagingReportAsync(key.Model, key.Version, current.Attempt, cancellationToken);
        return report is null
            ? ApiProblems.Problem(StatusCodes.Status404NotFound, "No report", $"Version '{version}' of model '{model}' has not finished a round of staging tests yet.")
            : Results.Bytes(report, "application/json");
    }, cancellationToken);

    /// <summary>GET /api/models/{model}/policy.</summary>
    public Task<IResult> GetPolicyAsync(HttpRequest request, string model, CancellationToken cancellationToken) => Handle(request, PipelineAction.Read, async _ =>
        Results.Text(ModelPolicyParser.Serialize(await policies.GetAsync(model, cancellationToken)), "application/json"), cancellationToken);

    /// <summary>PUT /api/models/{model}/policy: replaces the model owner's gates; every bad field is named, nothing is half-saved.</summary>
    public Task<IResult> PutPolicyAsync(HttpRequest request, string model, CancellationToken cancellationToken) => Handle(request, PipelineAction.ReplacePolicy, async caller =>
    {
        var document = await JsonBody.ReadTextAsync(request, JsonBody.MaxPolicyBytes, cancellationToken);
        var policy = await policies.ReplaceAsync(model, document, caller, cancellationToken);
        return Results.Text(ModelPolicyParser.Serialize(policy), "application/json");
    }, cancellationToken);

    /// <summary>POST /api/cleanup/runs: runs the archive cleanup now and reports what it did.</summary>
    public Task<IResult> RunCleanupAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken) => Handle(request, PipelineAction.RunCleanup, async _ =>
        Json(await cleanup.RunAsync(client, cancellationToken)), cancellationToken);

    /// <summary>
    /// Any other path under the prefix, with any method: a problem+json 404 (the hosts' own 404s differ),
    /// to verified callers only, so that an anonymous one learns nothing about the routes.
    /// </summary>
    public Task<IResult> NoSuchRouteAsync(HttpRequest request, CancellationToken cancellationToken) =>
        Handle(request, PipelineAction.Read, _ => Task.FromResult(ApiProblems.NoEndpoint(request)), cancellationToken);

    private async Task<IResult> DecideAsync(
        DurableTaskClient client, ModelVersionKey key, Caller caller, bool approved, string? comment, CancellationToken cancellationToken)
    {
        var receipt = await commands.DecideAsync(client, key, caller, approved, comment, cancellationToken);
        var status = (approved, receipt.Settles) switch
        {
            (false, _) => "The rejection was recorded and handed to the workflow.",
            (true, true) => $"Approval {receipt.Approvals} of {receipt.RequiredApprovals} was recorded and handed to the workflow; the version becomes production once its artifact is re-verified.",
            (true, false) => $"Approval {receipt.Approvals} of {receipt.RequiredApprovals} was recorded; {receipt.RequiredApprovals - receipt.Approvals} more needed from other approvers.",
        };
        return Accepted(new AcceptedResponse(key.Model, key.Version, approved ? "approve" : "reject", receipt.Version.OrchestrationId!, status)
        {
            Decision = receipt.Decision.ToResponse(),
            Approvals = receipt.Approvals,
            RequiredApprovals = receipt.RequiredApprovals,
        });
    }

    private static string? Optional(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return text.Length <= MaxTextLength
            ? text.Trim()
            : throw new InvalidRequestException($"'{field}' has at most {MaxTextLength} characters; it has {text.Length}.");
    }

    private static IResult Accepted(AcceptedResponse response) =>
        Results.Json(response, ApiJson.Options, statusCode: StatusCodes.Status202Accepted);

    private static IResult Json(object value) => Results.Json(value, ApiJson.Options);

    // Who is asking comes first, then whether they may: a 401 or 403 says nothing about the model asked for.
    private Task<IResult> Handle(HttpRequest request, PipelineAction action, Func<Caller, Task<IResult>> handler, CancellationToken cancellationToken) =>
        gate.HandleAsync(request, action, handler, cancellationToken);
}
