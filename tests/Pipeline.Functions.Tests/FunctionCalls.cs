using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Pipeline.Testing;

namespace Pipeline.Functions.Tests;

/// <summary>Calls a Functions app's HTTP function as the worker would: a request in, its result executed into a response.</summary>
internal sealed class FunctionCalls(PipelineRuntime runtime)
{
    /// <summary>A request with an optional JSON body and headers.</summary>
    public HttpRequest NewRequest(string method, string? body = null, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext { RequestServices = runtime.Runtime.App.Services };
        context.Request.Method = method;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>Runs the function's result into a response: its status, headers and JSON body.</summary>
    public async Task<(HttpStatusCode Status, HttpResponse Response, JsonNode? Body)> InvokeAsync(Task<IActionResult> call)
    {
        var result = await call;
        var context = new DefaultHttpContext { RequestServices = runtime.Runtime.App.Services };
        context.Response.Body = new MemoryStream();
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return ((HttpStatusCode)context.Response.StatusCode, context.Response, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }
}
