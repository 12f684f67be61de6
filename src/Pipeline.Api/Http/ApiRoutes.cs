using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace Pipeline.Api.Http;

/// <summary>The API's routes for an ASP.NET Core host (the local runtime). The Functions app declares the same routes on its triggers.</summary>
public static class ApiRoutes
{
    /// <summary>The route prefix both hosts serve under.</summary>
    public const string Prefix = "api";

    /// <summary>Maps every endpoint onto <see cref="ModelApi"/>.</summary>
    public static IEndpointRouteBuilder MapPipelineApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup($"/{Prefix}");
        api.MapGet("/models", (ModelApi m, CancellationToken ct) => m.ListModelsAsync(ct));
        api.MapGet("/models/{model}", (string model, ModelApi m, CancellationToken ct) => m.GetModelAsync(model, ct));
        api.MapGet("/models/{model}/versions/{version}", (string model, string version, ModelApi m, DurableTaskClient c, CancellationToken ct) => m.GetVersionAsync(c, model, version, ct));
        api.MapGet("/models/{model}/production", (string model, string? at, ModelApi m, CancellationToken ct) => m.GetProductionAsync(model, at, ct));
        api.MapGet("/models/{model}/versions/{version}/report", (string model, string version, ModelApi m, CancellationToken ct) => m.GetReportAsync(model, version, ct));
        api.MapGet("/models/{model}/policy", (string model, ModelApi m, CancellationToken ct) => m.GetPolicyAsync(model, ct));
        api.MapPut("/models/{model}/policy", (HttpRequest r, string model, ModelApi m, CancellationToken ct) => m.PutPolicyAsync(r, model, ct));
        api.MapPost("/models/{model}/rollback", (HttpRequest r, string model, ModelApi m, CancellationToken ct) => m.RollbackAsync(r, model, ct));
        api.MapGet("/models/{model}/history", (string model, ModelApi m, CancellationToken ct) => m.GetHistoryAsync(model, ct));
        api.MapGet("/uploads/rejected", (ModelApi m, CancellationToken ct) => m.ListRejectedUploadsAsync(ct));
        api.MapPost("/models/{model}/versions/{version}/approve",
            (HttpRequest r, string model, string version, ModelApi m, DurableTaskClient c, CancellationToken ct) => m.ApproveAsync(r, c, model, version, ct));
        api.MapPost("/models/{model}/versions/{version}/reject",
            (HttpRequest r, string model, string version, ModelApi m, DurableTaskClient c, CancellationToken ct) => m.RejectAsync(r, c, model, version, ct));
        api.MapPost("/models/{model}/versions/{version}/retest",
            (HttpRequest r, string model, string version, ModelApi m, DurableTaskClient c, CancellationToken ct) => m.RetestAsync(r, c, model, version, ct));
        api.MapPost("/admin/cleanup", (ModelApi m, DurableTaskClient c, CancellationToken ct) => m.RunCleanupAsync(c, ct));
        app.MapFallback((HttpContext context) => ApiProblems.Problem(
            StatusCodes.Status404NotFound, "Not found", $"No endpoint answers {context.Request.Method} {context.Request.Path}."));
        return app;
    }
}
