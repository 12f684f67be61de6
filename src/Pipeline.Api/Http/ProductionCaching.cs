using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Pipeline.Core.Registry;
using Pipeline.Core.Serving;

namespace Pipeline.Api.Http;

/// <summary>
/// HTTP caching of the serving lookup (RFC 9111): the request's <c>Cache-Control: no-cache</c> or <c>max-age</c> (or
/// <c>Pragma: no-cache</c>) bounds how old an answer it takes; the answer says how long it may be kept
/// (<c>Cache-Control: private, max-age</c> of the node's bound), how old it is (<c>Age</c>, when from memory) and which
/// pointer it is (a strong <c>ETag</c>, so that <c>If-None-Match</c> answers 304).
/// </summary>
public static class ProductionCaching
{
    /// <summary>The oldest answer the request accepts: zero for <c>no-cache</c> or <c>max-age=0</c>, null when it says nothing.</summary>
    public static TimeSpan? MaxAgeOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.CacheControl.Count == 0)
        {
            return request.Headers.Pragma.Any(p => p is not null && p.Contains("no-cache", StringComparison.OrdinalIgnoreCase)) ? TimeSpan.Zero : null;
        }

        var directives = request.GetTypedHeaders().CacheControl;
        if (directives is null)
        {
            return null;
        }

        return directives.NoCache ? TimeSpan.Zero : directives.MaxAge;
    }

    /// <summary>
    /// The answer to an un-<c>?at=</c> production lookup, with its caching headers: 200 with the pointer, 304 when the
    /// request's <c>If-None-Match</c> names it, the 404 problem when there is none.
    /// </summary>
    /// <exception cref="Core.Errors.ModelNotFoundException">No such model (never kept by the node).</exception>
    /// <exception cref="Core.Errors.NoProductionVersionException">The model has no production version (kept like a pointer).</exception>
    public static IResult Answer(HttpRequest request, ServedProduction served, IArtifactStore artifacts)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(served);
        var headers = request.HttpContext.Response.Headers;
        // A model that does not exist is not kept by the node, so a client should not keep the answer either.
        var keepFor = served.ModelExists ? (long)served.Ttl.TotalSeconds : 0;
        headers.CacheControl = string.Create(CultureInfo.InvariantCulture, $"private, max-age={keepFor}");
        if (served.FromCache)
        {
            headers.Age = ((long)served.Age.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        var pointer = served.Require();
        var etag = ETagOf(pointer);
        headers.ETag = etag.ToString();
        if (request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } matches
            && matches.Any(m => m.Equals(EntityTagHeaderValue.Any) || m.Compare(etag, useStrongComparison: false)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Json(pointer.ToResponse(served.Model, artifacts), ApiJson.Options);
    }

    // Every switch of the pointer stamps a new Since, so it (with the artifact's hash) names the answer.
    private static EntityTagHeaderValue ETagOf(ProductionPointer pointer) =>
        new(string.Create(CultureInfo.InvariantCulture, $"\"{pointer.Since.UtcTicks:x}-{pointer.Sha256[..Math.Min(16, pointer.Sha256.Length)]}\""));
}
