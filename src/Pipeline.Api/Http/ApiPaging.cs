using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Pipeline.Core.Registry;

namespace Pipeline.Api.Http;

/// <summary>
/// How every list of the API pages, the same in both hosts: <c>?limit=</c> (default <see cref="PageRequest.DefaultLimit"/>,
/// at most <see cref="PageRequest.MaxLimit"/>) and <c>?continuationToken=</c>; the body stays what it was (the page's
/// items), and when more follow, an RFC 8288 <c>Link: &lt;…&amp;continuationToken=…&gt;; rel="next"</c> header gives the
/// next page's address: this request's own path and query with the token replaced.
/// </summary>
public static class ApiPaging
{
    /// <summary>The page <paramref name="request"/> asks for.</summary>
    /// <exception cref="Core.Errors.InvalidRequestException">A bad limit or token (a 400 problem).</exception>
    public static PageRequest Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Read(request, request.Query[PageRequest.LimitParameter].FirstOrDefault());
    }

    /// <summary>The page <paramref name="request"/> asks for, with its <c>limit</c> already bound.</summary>
    public static PageRequest Read(HttpRequest request, string? limit)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PageRequest.Parse(limit, request.Query[PageRequest.TokenParameter].FirstOrDefault());
    }

    /// <summary><paramref name="body"/> as JSON, with the next page's <c>Link</c> when <paramref name="nextToken"/> is set.</summary>
    public static IResult Json(HttpRequest request, object body, string? nextToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var json = Results.Json(body, ApiJson.Options);
        return nextToken is null ? json : new WithNextLink($"<{NextAddress(request, nextToken)}>; rel=\"next\"", json);
    }

    /// <summary>This request's path and query with <c>continuationToken</c> set to <paramref name="token"/>.</summary>
    public static string NextAddress(HttpRequest request, string token)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new QueryBuilder(request.Query
            .Where(q => !string.Equals(q.Key, PageRequest.TokenParameter, StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty))))
        {
            { PageRequest.TokenParameter, token },
        };
        return request.PathBase.Add(request.Path).ToUriComponent() + query.ToQueryString().ToUriComponent();
    }

    private sealed class WithNextLink(string link, IResult inner) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Link = link;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
