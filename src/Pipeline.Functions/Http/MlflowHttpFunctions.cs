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
    /// <summary>Every method on /api/2.0/mlflow/{operation}: the dispatcher answers the ones no operation takes (ENDPOINT_NOT_FOUND).</summary>
    [Function(nameof(Mlflow))]
    public async Task<IActionResult> Mlflow(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = MlflowRoutes.All)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string? operation) =>
        new ResultActionResult(await api.DispatchAsync(request, client, operation, request.HttpContext.RequestAborted));
}
