using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Pipeline.Api.Http;

namespace Pipeline.Functions.Http;

/// <summary>
/// The HTTP API as Functions triggers: the same routes as the local runtime, each calling the
/// shared <see cref="ModelApi"/>, on the route constants of <see cref="ApiRoutes"/>. The triggers are
/// anonymous to the Functions host: App Service Authentication in front of the app signs callers in, and
/// <see cref="ModelApi"/> reads who they are (by default from Easy Auth's claims document) and what their
/// roles allow.
/// </summary>
public sealed class ModelHttpFunctions(ModelApi api)
{
    /// <summary>GET /api/models.</summary>
    [Function(nameof(ListModels))]
    public async Task<IActionResult> ListModels(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Models)] HttpRequest request) =>
        new ResultActionResult(await api.ListModelsAsync(request, request.HttpContext.RequestAborted));

    /// <summary>GET /api/models/{model}.</summary>
    [Function(nameof(GetModel))]
    public async Task<IActionResult> GetModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Model)] HttpRequest request, string model) =>
        new ResultActionResult(await api.GetModelAsync(request, model, request.HttpContext.RequestAborted));

    /// <summary>GET /api/models/{model}/versions/{version}.</summary>
    [Function(nameof(GetVersion))]
    public async Task<IActionResult> GetVersion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Version)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string model,
        string version) =>
        new ResultActionResult(await api.GetVersionAsync(request, client, model, version, request.HttpContext.RequestAborted));

    /// <summary>GET /api/models/{model}/production.</summary>
    [Function(nameof(GetProduction))]
    public async Task<IActionResult> GetProduction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Production)] HttpRequest request, string model) =>
        new ResultActionResult(await api.GetProductionAsync(request, model, request.Query["at"].FirstOrDefault(), request.HttpContext.RequestAborted));

    /// <summary>GET /api/models/{model}/versions/{version}/report.</summary>
    [Function(nameof(GetReport))]
    public async Task<IActionResult> GetReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Report)] HttpRequest request,
        string model,
        string version) =>
        new ResultActionResult(await api.GetReportAsync(request, model, version, request.HttpContext.RequestAborted));

    /// <summary>GET /api/models/{model}/policy.</summary>
    [Function(nameof(GetPolicy))]
    public async Task<IActionResult> GetPolicy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Policy)] HttpRequest request, string model) =>
        new ResultActionResult(await api.GetPolicyAsync(request, model, request.HttpContext.RequestAborted));

    /// <summary>PUT /api/models/{model}/policy.</summary>
    [Function(nameof(PutPolicy))]
    public async Task<IActionResult> PutPolicy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Policy)] HttpRequest request, string model) =>
        new ResultActionResult(await api.PutPolicyAsync(request, model, request.HttpContext.RequestAborted));

    /// <summary>POST /api/models/{model}/rollback.</summary>
    [Function(nameof(RollbackModel))]
    public async Task<IActionResult> RollbackModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Rollback)] HttpRequest request, string model) =>
        new ResultActionResult(await api.RollbackAsync(request, model, request.HttpContext.RequestAborted));

    /// <summary>GET /api/models/{model}/history.</summary>
    [Function(nameof(GetHistory))]
    public async Task<IActionResult> GetHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.History)] HttpRequest request, string model) =>
        new ResultActionResult(await api.GetHistoryAsync(request, model, request.HttpContext.RequestAborted));

    /// <summary>GET /api/uploads/rejected.</summary>
    [Function(nameof(ListRejectedUploads))]
    public async Task<IActionResult> ListRejectedUploads(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.RejectedUploads)] HttpRequest request) =>
        new ResultActionResult(await api.ListRejectedUploadsAsync(request, request.HttpContext.RequestAborted));

    /// <summary>GET /api/events.</summary>
    [Function(nameof(ListEvents))]
    public async Task<IActionResult> ListEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Events)] HttpRequest request) =>
        new ResultActionResult(await api.ListEventsAsync(
            request, request.Query["model"].FirstOrDefault(), request.Query["status"].FirstOrDefault(), request.Query["limit"].FirstOrDefault(), request.HttpContext.RequestAborted));

    /// <summary>POST /api/cleanup/runs.</summary>
    [Function(nameof(RunCleanup))]
    public async Task<IActionResult> RunCleanup(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.CleanupRuns)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        new ResultActionResult(await api.RunCleanupAsync(request, client, request.HttpContext.RequestAborted));

    /// <summary>POST /api/models/{model}/versions/{version}/approve.</summary>
    [Function(nameof(ApproveVersionRequest))]
    public async Task<IActionResult> ApproveVersionRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Approve)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string model,
        string version) =>
        new ResultActionResult(await api.ApproveAsync(request, client, model, version, request.HttpContext.RequestAborted));

    /// <summary>POST /api/models/{model}/versions/{version}/reject.</summary>
    [Function(nameof(RejectVersionRequest))]
    public async Task<IActionResult> RejectVersionRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Reject)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string model,
        string version) =>
        new ResultActionResult(await api.RejectAsync(request, client, model, version, request.HttpContext.RequestAborted));

    /// <summary>POST /api/models/{model}/versions/{version}/retest.</summary>
    [Function(nameof(RetestVersionRequest))]
    public async Task<IActionResult> RetestVersionRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Retest)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string model,
        string version) =>
        new ResultActionResult(await api.RetestAsync(request, client, model, version, request.HttpContext.RequestAborted));

    /// <summary>POST /api/models/{model}/versions/{version}/uploads.</summary>
    [Function(nameof(CreateUploadIntent))]
    public async Task<IActionResult> CreateUploadIntent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.UploadIntents)] HttpRequest request,
        string model,
        string version) =>
        new ResultActionResult(await api.CreateUploadIntentAsync(request, model, version, request.HttpContext.RequestAborted));

    /// <summary>Any other path under /api, with any method: the same problem+json 404 as the local runtime, not the host's empty one.</summary>
    [Function(nameof(NoSuchRoute))]
    public async Task<IActionResult> NoSuchRoute(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = ApiRoutes.Unmatched)] HttpRequest request) =>
        new ResultActionResult(await api.NoSuchRouteAsync(request, request.HttpContext.RequestAborted));
}
