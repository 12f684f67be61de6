using Microsoft.AspNetCore.Http;

namespace Pipeline.Api.Http;

/// <summary>A result with the address of what it created or names in its <c>Location</c> header.</summary>
internal sealed class LocatedResult(string location, IResult inner) : IResult, IStatusCodeHttpResult
{
    /// <inheritdoc />
    public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.Location = location;
        return inner.ExecuteAsync(httpContext);
    }
}
