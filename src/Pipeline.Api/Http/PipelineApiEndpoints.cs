using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Identity;

namespace Pipeline.Api.Http;

/// <summary>The API for an ASP.NET Core host (the local runtime): the same routes and handlers as the Functions app's triggers.</summary>
public static class PipelineApiEndpoints
{
    /// <summary>
    /// Registers what the API needs, the same in both hosts: the handlers, the caller resolver the
    /// <c>Auth__*</c> settings choose (<paramref name="defaultProvider"/> when <c>Auth__Provider</c> is unset)
    /// and RFC 9457 problem documents.
    /// </summary>
    public static IServiceCollection AddPipelineApi(this IServiceCollection services, AuthProvider defaultProvider)
    {
        services.AddPipelineIdentity(defaultProvider);
        services.AddSingleton<IdempotentRequests>();
        services.AddSingleton<ApiGate>();
        services.AddSingleton<ModelApi>();
        services.AddSingleton<HealthApi>();
        services.AddSingleton<ApprovalsApi>();
        services.AddSingleton<UploadApi>();
        services.AddSingleton<UiApi>();
        services.AddSingleton<Mlflow.MlflowApi>();
        services.AddSingleton<OpenApiApi>();
        services.AddProblemDetails();
        return services;
    }

    /// <summary>Maps every route onto <see cref="ModelApi"/> (the health route onto <see cref="HealthApi"/>, the inbox onto <see cref="ApprovalsApi"/>, upload notices onto <see cref="UploadApi"/>, the page onto <see cref="UiApi"/>).</summary>
    public static IEndpointRouteBuilder MapPipelineApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup($"/{ApiRoutes.Prefix}");
        api.MapGet(ApiRoutes.Health, (HealthApi h, DurableTaskClient c, CancellationToken ct) => h.CheckAsync(c, ct));
        api.MapGet(ApiRoutes.OpenApi, (OpenApiApi o) => o.GetDocument());
        api.MapGet(ApiRoutes.Models, (HttpRequest r, ModelApi m, CancellationToken ct) => m.ListModelsAsync(r, ct));
        api.MapGet(ApiRoutes.Model, (HttpRequest r, string model, ModelApi m, CancellationToken ct) => m.GetModelAsync(r, model, ct));
        api.MapGet(ApiRoutes.Version,
            (HttpRequest r, string model, string version, ModelApi m, DurableTaskClient c, CancellationToken ct) => m.GetVersionAsync(r, c, model, version, ct));
        api.MapGet(ApiRoutes.Production, (HttpRequest r, string model, string? at, ModelApi m, CancellationToken ct) => m.GetProductionAsync(r, model, at, ct));
        api.MapGet(ApiRoutes.Report, (HttpRequest r, string model, string version, ModelApi m, CancellationToken ct) => m.GetReportAsync(r, model, version, ct));
        api.MapGet(ApiRoutes.Policy, (HttpRequest r, string model, ModelApi m, CancellationToken ct) => m.GetPolicyAsync(r, model, ct));
        api.MapPut(ApiRoutes.Policy, (HttpRequest r, string model, ModelApi m, CancellationToken ct) => m.PutPolicyAsync(r, model, ct));
        api.MapPost(ApiRoutes.Rollback, (HttpRequest r, string model, ModelApi m, CancellationToken ct) => m.RollbackAsync(r, model, ct));
        api.MapGet(ApiRoutes.History, (HttpRequest r, string model, ModelApi m, CancellationToken ct) => m.GetHistoryAsync(r, model, ct));
        api.MapPost(ApiRoutes.Uploads, (HttpRequest r, UploadApi u, DurableTaskClient c, CancellationToken ct) => u.NotifyAsync(r, c, ct));
        api.MapGet(ApiRoutes.RejectedUploads, (HttpRequest r, ModelApi m, CancellationToken ct) => m.ListRejectedUploadsAsync(r, ct));
        api.MapPost(ApiRoutes.Approve,
            (HttpRequest r, string model, string version, ModelApi m, DurableTaskClient c, CancellationToken ct) => m.ApproveAsync(r, c, model, version, ct));
        api.MapPost(ApiRoutes.Reject,
            (HttpRequest r, string model, string version, ModelApi m, DurableTaskClient c, CancellationToken ct) => m.RejectAsync(r, c, model, version, ct));
        api.MapPost(ApiRoutes.Retest,
            (HttpRequest r, string model, string version, ModelApi m, DurableTaskClient c, CancellationToken ct) => m.RetestAsync(r, c, model, version, ct));
        api.MapGet(ApiRoutes.Events,
            (HttpRequest r, string? model, string? status, string? limit, ModelApi m, CancellationToken ct) => m.ListEventsAsync(r, model, status, limit, ct));
        api.MapPost(ApiRoutes.UploadIntents, (HttpRequest r, string model, string version, ModelApi m, CancellationToken ct) => m.CreateUploadIntentAsync(r, model, version, ct));
        api.MapPost(ApiRoutes.CleanupRuns, (HttpRequest r, ModelApi m, DurableTaskClient c, CancellationToken ct) => m.RunCleanupAsync(r, c, ct));
        api.MapGet(ApiRoutes.Approvals, (HttpRequest r, ApprovalsApi a, CancellationToken ct) => a.ListAsync(r, r.Query["status"].FirstOrDefault(), ct));
        api.MapGet(ApiRoutes.Ui, (HttpRequest r, UiApi u) => u.GetPage(r));
        api.MapGet(ApiRoutes.UiScript, (HttpRequest r, UiApi u) => u.GetScript(r));
        api.MapGet(ApiRoutes.UiStyles, (HttpRequest r, UiApi u) => u.GetStyles(r));
        api.MapGet(ApiRoutes.UiIcon, (HttpRequest r, UiApi u) => u.GetIcon(r));
        // Every method, so that one MLflow clients never send (PUT, HEAD, OPTIONS) is MLflow's ENDPOINT_NOT_FOUND, not the catch-all's problem.
        api.Map(Mlflow.MlflowRoutes.All,
            (HttpRequest r, string? operation, Mlflow.MlflowApi m, DurableTaskClient c, CancellationToken ct) => m.DispatchAsync(r, c, operation, ct));
        api.Map(ApiRoutes.Unmatched, (HttpRequest r, ModelApi m, CancellationToken ct) => m.NoSuchRouteAsync(r, ct));
        return app;
    }

    /// <summary>
    /// Answers every bodiless error status (no endpoint outside the API prefix, a malformed request)
    /// as problem+json, whatever the client's Accept header says.
    /// </summary>
    public static IApplicationBuilder UseProblemStatusPages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            var problem = status == StatusCodes.Status404NotFound
                ? ApiProblems.NoEndpoint(http.Request)
                : ApiProblems.Problem(status, ReasonPhrases.GetReasonPhrase(status), ReasonPhrases.GetReasonPhrase(status));
            return problem.ExecuteAsync(http);
        });
}
