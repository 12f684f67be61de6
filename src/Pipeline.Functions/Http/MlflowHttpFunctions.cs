using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Pipeline.Api.Http;
using Pipeline.Api.Mlflow;

namespace Pipeline.Functions.Http;

/// <summary>The MLflow Model Registry REST API as one Functions trigger: every path under <c>/api/2.0/mlflow/</c>, dispatched by <see cref="MlflowApi"/>.</summary>
public sealed class MlflowHttpFunctions(MlflowApi api)
{
    /// <summary>GET, POST, PATCH and DELETE /api/2.0/mlflow/{operation}.</summary>
    [Function(nameof(Mlflow))]
    public async Task<IActionResult> Mlflow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "patch", "delete", Route = MlflowRoutes.All)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string? operation) =>
        new ResultActionResult(await api.DispatchAsync(request, client, operation, request.HttpContext.RequestAborted));
}
