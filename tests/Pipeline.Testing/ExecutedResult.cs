using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Testing;

/// <summary>An API result run into a response, as a host would, for tests that call handlers directly.</summary>
/// <param name="Status">The response status.</param>
/// <param name="ContentType">The media type, without parameters.</param>
/// <param name="Body">The JSON body, or null when there is none.</param>
public sealed record ExecutedResult(int Status, string? ContentType, JsonNode? Body)
{
    /// <summary>Runs <paramref name="result"/> into <paramref name="context"/> (whose response body is replaced) and reads the response.</summary>
    public static async Task<ExecutedResult> RunAsync(IResult result, HttpContext context)
    {
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return new ExecutedResult(context.Response.StatusCode, context.Response.ContentType?.Split(';')[0], string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }
}
