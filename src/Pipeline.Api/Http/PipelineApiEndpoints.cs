using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Api.Http;

/// <summary>The API for an ASP.NET Core host (the local runtime): the same routes and handlers as the Functions app's triggers.</summary>
public static class PipelineApiEndpoints
{
    /// <summary>Registers what the API needs: the handlers and RFC 9457 problem documents, the same in both hosts.</summary>
    public static IServiceCollection AddPipelineApi(this IServiceCollection services)
    {
        services.AddSingleton<ModelApi>();
        services.AddProblemDetails();
        return services;
    }

    /// <summary>Maps every route onto <see cref="ModelApi"/>.</summary>
    public static IEndpointRouteBuilder MapPipelineApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup($"/{ApiRoutes.Prefix}");
        api.MapGet(ApiRoutes.Models, (ModelApi m, CancellationToken ct) => m.ListModelsAsync(ct));
        api.MapGet(ApiRoutes.Model, (string model, ModelApi m, CancellationToken ct) => m.GetModelAsync(model, ct));
        api.MapGet(ApiRoutes.Version, (string model, string version, ModelApi m, DurableTaskClient c, CancellationToken ct) => m.GetVersionAsync(c, model, version, ct));
        api.MapGet(ApiRoutes.Production, (string model, string? at, ModelApi m, CancellationToken ct) => m.GetProductionAsync(model, at, ct));
        api.MapGet(ApiRoutes.Report, (string model, string version, ModelApi m, CancellationToken ct) => m.GetReportAsync(model, version, ct));
        api.MapGet(ApiRoutes.Policy, (string model, ModelApi m, CancellationToken ct) => m.GetPolicyAsync(model, ct));
        api.MapPut(ApiRoutes.Policy, (HttpRequest r, string model, ModelApi m, CancellationToken ct) => m.PutPolicyAsync(r, model, ct));
        api.MapPost(ApiRoutes.Rollback, (HttpRequest r, string model, ModelApi m, CancellationToken ct) => m.RollbackAsync(r, model, ct));
        api.MapGet(ApiRoutes.History, (string model, ModelApi m, CancellationToken ct) => m.GetHistoryAsync(model, ct));
        api.MapGet(ApiRoutes.RejectedUploads, (ModelApi m, CancellationToken ct) => m.ListRejectedUploadsAsync(ct));
        api.MapPost(ApiRoutes.Approve,
            (HttpRequest r, string model, string version, ModelApi m, DurableTaskClient c, CancellationToken ct) => m.ApproveAsync(r, c, model, version, ct));
        api.MapPost(ApiRoutes.Reject,
            (HttpRequest r, string model, string version, ModelApi m, DurableTaskClient c, CancellationToken ct) => m.RejectAsync(r, c, model, version, ct));
        api.MapPost(ApiRoutes.Retest,
            (HttpRequest r, string model, string version, ModelApi m, DurableTaskClient c, CancellationToken ct) => m.RetestAsync(r, c, model, version, ct));
        api.MapPost(ApiRoutes.CleanupRuns, (ModelApi m, DurableTaskClient c, CancellationToken ct) => m.RunCleanupAsync(c, ct));
        api.Map(ApiRoutes.Unmatched, ModelApi.NoSuchRoute);
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
            var detail = status == StatusCodes.Status404NotFound
                ? $"No endpoint answers {http.Request.Method} {http.Request.Path}."
                : ReasonPhrases.GetReasonPhrase(status);
            return ApiProblems.Problem(status, ReasonPhrases.GetReasonPhrase(status), detail).ExecuteAsync(http);
        });
}
