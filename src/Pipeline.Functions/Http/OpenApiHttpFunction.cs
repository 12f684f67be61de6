using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Api.Http;

namespace Pipeline.Functions.Http;

/// <summary>GET /api/openapi.json as a Functions trigger: like health, it needs no identity.</summary>
public sealed class OpenApiHttpFunction(OpenApiApi openApi)
{
    /// <summary>GET /api/openapi.json.</summary>
    [Function(nameof(GetOpenApiDocument))]
    public IActionResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.OpenApi)] HttpRequest request) =>
        new ResultActionResult(openApi.GetDocument());
}
