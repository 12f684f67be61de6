using Pipeline.Core.Access;
using Pipeline.Core.Events;
using Pipeline.Core.Registry;
using Pipeline.Core.Retention;

namespace Pipeline.Api.Http.OpenApi;

/// <summary>
/// Every operation of the API, in the order the README lists them. A test holds this list to both hosts' route
/// tables: a route added to one but not described here, or described here but served by neither, fails it.
/// </summary>
internal static class ApiOperations
{
    private const string Get = "get";
    private const string Post = "post";
    private const string Put = "put";

    // Every list's paging parameters (ApiPaging); a page with more after it carries a Link header to the next.
    private static readonly ApiQueryParameter[] Paging =
    [
        new(PageRequest.LimitParameter, $"At most this many items on the page (default {PageRequest.DefaultLimit}).")
        {
            Schema = $$"""{"type": "integer", "minimum": 1, "maximum": {{PageRequest.MaxLimit}}, "default": {{PageRequest.DefaultLimit}}}""",
        },
        new(PageRequest.TokenParameter, "Where the previous page ended: pass the token of its `Link` header (`rel=\"next\"`) unchanged; any other value is a 400.")
        {
            Schema = """{"type": "string"}""",
        },
    ];

    /// <summary>The operations.</summary>
    public static IReadOnlyList<ApiOperation> All { get; } =
    [
        new(Get, ApiRoutes.Health, "getHealth", "service", "Whether each part of the app answers")
        {
            Description = "For probes and operators: each part checked at once within 5 s (`tables`, `blobs`, `durable`, `cleanup`), `{\"status\": \"ok\", \"checks\": {…}}` " +
                "(`degraded` when only the last cleanup failed), a 503 problem naming the failing parts (`failing`, `checks`) otherwise. Needs no identity.",
            Success = new("Every part answers.") { Type = typeof(HealthResponse) },
            Problems = [503],
        },
        new(Get, ApiRoutes.OpenApi, "getOpenApiDocument", "service", "This document")
        {
            Description = "The OpenAPI 3.1 description of the API, built from its route table and its contract types. Needs no identity: it is how a client learns to authenticate.",
            Success = new("The OpenAPI document.") { Component = OpenApiComponents.DocumentSchema },
        },
        new(Get, ApiRoutes.Models, "listModels", "models", "List the models")
        {
            Description = "The models, by name, with their production versions, read from the models index; one page at a time, the next page's address in the `Link` header.",
            Action = PipelineAction.Read,
            Query = Paging,
            Pages = true,
            Problems = [400],
            Success = new("The models.") { Type = typeof(IReadOnlyList<ModelSummaryResponse>) },
        },
        new(Get, ApiRoutes.Model, "getModel", "models", "Read a model and its versions")
        {
            Description = "The model and one page of its versions, newest first: stage, status, registered at, size, SHA-256, test results. The next page of versions is at the `Link` header's address.",
            Action = PipelineAction.Read,
            Query = Paging,
            Pages = true,
            Success = new("The model.") { Type = typeof(ModelResponse) },
            Problems = [400, 404],
        },
        new(Get, ApiRoutes.Version, "getVersion", "versions", "Read one version")
        {
            Description = "The registry's record of the version, with its workflow's durable status, the current round's decisions and how it differs from the model's production version (`againstProduction`).",
            Action = PipelineAction.Read,
            Success = new("The version.") { Type = typeof(VersionResponse) },
            Problems = [404],
        },
        new(Get, ApiRoutes.Production, "getProduction", "models", "What a model serves")
        {
            Description = "Without `at`, what to serve now: version, blob URI, SHA-256, from the node's memory at most `Pipeline__ProductionCacheTtl` old (1 s by default), else one point read; `Cache-Control: no-cache` (or `max-age=0`) reads storage. The answer carries `Cache-Control: private, max-age=<TTL seconds>`, `Age` when from memory and an `ETag`; `If-None-Match` with it answers 304. With `at`, which version was in production at that instant, from the history. 404 when there is none.",
            Action = PipelineAction.Read,
            Query = [new("at", "An ISO 8601 instant, such as `2026-11-20T10:00:00Z`: the version in production then.") { Schema = """{"type": "string", "format": "date-time"}""" }],
            Success = new("The production version.") { Type = typeof(ProductionResponse) },
            Revalidates = true,
            Problems = [404],
        },
        new(Get, ApiRoutes.History, "getHistory", "models", "Read a model's audit trail")
        {
            Description = "One page, newest first: when, what (`action`), who, from and to, why, the orchestration, and for a policy change the fields it changed.",
            Action = PipelineAction.Read,
            Query = Paging,
            Pages = true,
            Success = new("The history.") { Type = typeof(IReadOnlyList<HistoryResponse>) },
            Problems = [400, 404],
        },
        new(Get, ApiRoutes.RejectedUploads, "listRejectedUploads", "uploads", "List the uploads that were not registered")
        {
            Description = "The uploads that were not registered as versions, with the reason, most recently seen first, one page at a time.",
            Action = PipelineAction.Read,
            Query = Paging,
            Pages = true,
            Success = new("The rejected uploads.") { Type = typeof(IReadOnlyList<RejectedUploadResponse>) },
            Problems = [400],
        },
        new(Get, ApiRoutes.Approvals, "listApprovals", "approvals", "The approver's inbox")
        {
            Description = "The versions awaiting a decision, across models, one page at a time, oldest first (by approval deadline, then registration), with its uploader, deadline, approvals so far, checks, its difference from production and links.",
            Action = PipelineAction.Read,
            Query = [new("status", $"Which versions to list: `{ApprovalsApi.PendingStatus}`, the only one (and the default).") { Schema = $$"""{"type": "string", "enum": ["{{ApprovalsApi.PendingStatus}}"], "default": "{{ApprovalsApi.PendingStatus}}"}""" }, .. Paging],
            Pages = true,
            Success = new("The versions awaiting a decision.") { Type = typeof(IReadOnlyList<PendingApprovalResponse>) },
            Problems = [400],
        },
        new(Get, ApiRoutes.Ui, "getUiPage", "ui", "The approver's web page")
        {
            Description = UiDescription,
            Success = new("The page.", "text/html"),
            Revalidates = true,
        },
        new(Get, ApiRoutes.UiScript, "getUiScript", "ui", "The page's script")
        {
            Description = UiDescription,
            Success = new("The script.", "text/javascript"),
            Revalidates = true,
        },
        new(Get, ApiRoutes.UiStyles, "getUiStyles", "ui", "The page's styles")
        {
            Description = UiDescription,
            Success = new("The styles.", "text/css"),
            Revalidates = true,
        },
        new(Get, ApiRoutes.UiIcon, "getUiIcon", "ui", "The page's icon")
        {
            Description = UiDescription,
            Success = new("The icon.", "image/svg+xml"),
            Revalidates = true,
        },
        new(Post, ApiRoutes.Approve, "approveVersion", "approvals", "Approve a version awaiting approval")
        {
            Description = "Records the approval in the version's row, bound to the round and the tested artifact, then signals the workflow. The answer says `approvals` of `requiredApprovals` and whether the decision `settles` the round. Repeating one's own decision answers 202 again and records nothing new; a different decision already recorded is a 409 naming it. Nobody approves a version they uploaded (403), and a policy's `approval.approvers` narrows who may.",
            Action = PipelineAction.Approve,
            Body = new("An optional comment.") { Type = typeof(ApproveRequest) },
            Success = new("The approval was recorded.") { Type = typeof(AcceptedResponse) },
            SuccessStatus = 202,
            Problems = [404, 409],
        },
        new(Post, ApiRoutes.Reject, "rejectVersion", "approvals", "Reject a version awaiting approval")
        {
            Description = "Records the rejection, which settles the round, then signals the workflow. A rejection needs a `reason`.",
            Action = PipelineAction.Reject,
            Body = new("The reason, required.") { Type = typeof(RejectRequest), Required = true },
            Success = new("The rejection was recorded.") { Type = typeof(AcceptedResponse) },
            SuccessStatus = 202,
            Problems = [404, 409],
        },
        new(Post, ApiRoutes.Uploads, "notifyUpload", "uploads", "Register an uploaded blob now")
        {
            Description = "Says that a blob was uploaded to the models container, so the pipeline registers it and starts its tests now rather than when its event (Event Grid in Azure, the upload watcher's scan locally) arrives; both register it once. The notice adds no trust: the blob and the upload intents decide whether it becomes a version and who uploaded it. 404 when there is no such blob (nothing is recorded); 409 with the reason when the upload is not registered (it is listed with the rejected uploads).",
            Action = PipelineAction.RegisterVersion,
            Body = new("The blob's path in the models container.") { Type = typeof(UploadNotificationRequest), Required = true },
            Success = new("The version the upload is; its tests are started.") { Type = typeof(UploadNotificationResponse) },
            SuccessStatus = 202,
            Locates = true,
            Problems = [404, 409],
        },
        new(Post, ApiRoutes.UploadIntents, "createUploadIntent", "uploads", "Ask for an upload intent")
        {
            Description = "A write-only URL for the version's artifact, minutes long: PUT the file to `uploadUrl` (with `x-ms-blob-type: BlockBlob`) before `expiresAt`. The caller becomes the version's verified uploader. 409 when the version is registered, or another caller's intent is open.",
            Action = PipelineAction.CreateUploadIntent,
            Body = new("The artifact's file name in the version folder.") { Type = typeof(UploadIntentRequest), Required = true },
            Success = new("The upload intent.") { Type = typeof(UploadIntentResponse) },
            SuccessStatus = 201,
            Locates = true,
            Problems = [409],
        },
        new(Post, ApiRoutes.Retest, "retestVersion", "versions", "Test a version again")
        {
            Description = "Runs the staging tests again, for a version in TestsFailed or ApprovalExpired, or in Testing or AwaitingApproval whose workflow has ended.",
            Action = PipelineAction.Retest,
            Success = new("A new round of staging tests was started.") { Type = typeof(AcceptedResponse) },
            SuccessStatus = 202,
            Problems = [404, 409],
        },
        new(Get, ApiRoutes.Report, "getReport", "versions", "Read a version's staging report")
        {
            Description = "The full staging report of the version's last round, the evidence for an approver. 404 before a round has finished.",
            Action = PipelineAction.Read,
            Success = new("The report.") { Component = OpenApiComponents.ReportSchema },
            Problems = [404],
        },
        new(Get, ApiRoutes.Policy, "getPolicy", "models", "Read a model's policy")
        {
            Description = "The model owner's gates: evaluation, thresholds, regression limits, latency, size, retention, approval and owners. 404 when the model has none.",
            Action = PipelineAction.Read,
            Success = new("The policy.") { Component = OpenApiComponents.PolicySchema },
            Problems = [404],
        },
        new(Put, ApiRoutes.Policy, "replacePolicy", "models", "Replace a model's policy")
        {
            Description = "Replaces the whole policy. Every invalid field is named in the problem's `errors`, and nothing is half-saved. A policy that lists `owners` is changed only by them.",
            Action = PipelineAction.ReplacePolicy,
            Body = new("The new policy.") { Component = OpenApiComponents.PolicySchema, Required = true },
            Success = new("The policy as saved.") { Component = OpenApiComponents.PolicySchema },
            Problems = [413],
        },
        new(Post, ApiRoutes.Rollback, "rollbackModel", "models", "Roll a model back to an archived version")
        {
            Description = "The emergency path: no approval, but the tested copy's SHA-256 is re-verified, and in one atomic write the version becomes production and the current one is archived, only while `expectedCurrent` is still in production. `toVersion` defaults to the most recently archived, unpurged version.",
            Action = PipelineAction.Rollback,
            Body = new("The production version replaced, and optionally the version restored and why.") { Type = typeof(RollbackRequest), Required = true },
            Success = new("The version now in production.") { Type = typeof(VersionResponse) },
            Problems = [404, 409],
        },
        new(Get, ApiRoutes.Events, "listEvents", "events", "List the events out and their deliveries")
        {
            Description = "Events out, oldest first within a model (models by name), with every delivery's attempts and result, one page at a time.",
            Action = PipelineAction.Read,
            Query =
            [
                new("model", "Only this model's events.") { Schema = """{"type": "string"}""" },
                new("status", "Only events with a delivery in this status.") { Type = typeof(DeliveryStatus) },
                .. Paging,
            ],
            Pages = true,
            Success = new("The events.") { Type = typeof(IReadOnlyList<EventResponse>) },
            Problems = [400],
        },
        new(Post, ApiRoutes.CleanupRuns, "runCleanup", "operations", "Run the archive cleanup now")
        {
            Description = "Runs the archive cleanup and reports what it did.",
            Action = PipelineAction.RunCleanup,
            Success = new("What the run did.") { Type = typeof(CleanupReport) },
        },
    ];

    private const string UiDescription =
        "One of the page's static files, embedded in the app so that both hosts serve the same bytes, with `Cache-Control: no-cache` and an `ETag`. " +
        "Served without identity: the files hold no data (the page calls the guarded routes with the browser's own identity). In Azure, App Service Authentication signs the browser in first.";
}
