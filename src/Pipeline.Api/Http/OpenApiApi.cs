using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Pipeline.Api.Http.OpenApi;

namespace Pipeline.Api.Http;

/// <summary>
/// GET /api/openapi.json: the OpenAPI 3.1 description of this API, built once from the route constants and the
/// contract types (<see cref="OpenApiDocument"/>). Served without identity, like health: a client reads it to learn
/// how to authenticate, and it holds nothing the README does not say.
/// </summary>
public sealed class OpenApiApi
{
    /// <summary>The media type it is served as.</summary>
    public const string MediaType = "application/json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // Built on first use, then the same bytes for every request: the document changes only with the code.
    private readonly Lazy<byte[]> document = new(() => JsonSerializer.SerializeToUtf8Bytes(OpenApiDocument.Build(), Indented));

    /// <summary>GET /api/openapi.json.</summary>
    public IResult GetDocument() => Results.Bytes(document.Value, MediaType);
}
