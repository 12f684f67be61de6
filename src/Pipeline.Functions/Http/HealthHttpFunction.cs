using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Pipeline.Api.Http;

namespace Pipeline.Functions.Http;

/// <summary>GET /api/health as a Functions trigger: it needs no identity (Easy Auth lets it through too).</summary>
public sealed class HealthHttpFunction(HealthApi health)
{
    /// <summary>GET /api/health.</summary>
    [Function(nameof(GetHealth))]
    public async Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Health)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        new ResultActionResult(await health.CheckAsync(client, request.HttpContext.RequestAborted));
}
