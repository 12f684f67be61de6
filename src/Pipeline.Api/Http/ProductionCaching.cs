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
    /// request's <c>If-None-Match</c> names it, the 404 problem when there is none (no such model: never kept by the
    /// node, so <c>max-age=0</c>; no production version: kept like a pointer).
    /// </summary>
    public static IResult Answer(HttpRequest request, ServedProduction served, IArtifactStore artifacts)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(served);
        var keepFor = served.ModelExists ? (long)served.Ttl.TotalSeconds : 0;
        var cacheControl = string.Create(CultureInfo.InvariantCulture, $"private, max-age={keepFor}");
        var age = served.FromCache ? ((long)served.Age.TotalSeconds).ToString(CultureInfo.InvariantCulture) : null;
        if (served.Missing() is { } missing)
        {
            return new WithHeaders(ApiProblems.From(missing), ("Cache-Control", cacheControl), ("Age", age));
        }

        var pointer = served.Pointer!;
        var etag = ETagOf(pointer);
        if (request.Headers.IfNoneMatch.Count > 0 && request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } matches
            && matches.Any(m => m.Equals(EntityTagHeaderValue.Any) || m.Compare(etag, useStrongComparison: false)))
        {
            return new WithHeaders(Results.StatusCode(StatusCodes.Status304NotModified), ("Cache-Control", cacheControl), ("Age", age), ("ETag", etag.ToString()));
        }

        return new WithHeaders(Results.Json(pointer.ToResponse(served.Model, artifacts), ApiJson.Options), ("Cache-Control", cacheControl), ("Age", age), ("ETag", etag.ToString()));
    }

    // Every switch of the pointer stamps a new Since, so it (with the artifact's hash) names the answer.
    private static EntityTagHeaderValue ETagOf(ProductionPointer pointer) =>
        new(string.Create(CultureInfo.InvariantCulture, $"\"{pointer.Since.UtcTicks:x}-{pointer.Sha256[..Math.Min(16, pointer.Sha256.Length)]}\""));
}
