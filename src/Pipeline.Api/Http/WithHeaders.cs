using Microsoft.AspNetCore.Http;

namespace Pipeline.Api.Http;

/// <summary>
/// A result that sets response headers as it runs (<c>Location</c>, the caching headers): they travel with the result,
/// so they reach whichever context executes it, the local runtime's or the Functions app's.
/// </summary>
internal sealed class WithHeaders(IResult inner, params (string Name, string? Value)[] headers) : IResult, IStatusCodeHttpResult
{
    /// <inheritdoc />
    public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        foreach (var (name, value) in headers)
        {
            if (value is not null)
            {
                httpContext.Response.Headers[name] = value;
            }
        }

        return inner.ExecuteAsync(httpContext);
    }
}
