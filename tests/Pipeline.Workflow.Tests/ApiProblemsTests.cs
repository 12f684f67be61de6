using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Http;
using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Workflow.Decisions;

namespace Pipeline.Workflow.Tests;

/// <summary>How domain failures reach clients: each kind mapped once, to the status that says what happened.</summary>
public sealed class ApiProblemsTests
{
    [Fact]
    public async Task IllegalTransition_RaceLost_Is409NamingTheCurrentState()
    {
        var (status, contentType, problem) = await WriteAsync(ApiProblems.From(new IllegalTransitionException(VersionState.Rejected, VersionState.Production)));

        Assert.Equal(StatusCodes.Status409Conflict, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("Staging", problem["currentStage"]!.GetValue<string>());
        Assert.Equal("Rejected", problem["currentStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task WorkflowNotWaiting_Is409WithTheInstance()
    {
        var failure = new WorkflowNotWaitingException(ModelVersionKey.Create("credit", "v1"), "credit:v1:1", "Terminated");

        var (status, _, problem) = await WriteAsync(ApiProblems.From(failure));

        Assert.Equal(StatusCodes.Status409Conflict, status);
        Assert.Equal("credit:v1:1", problem["instanceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Problem_AnyAcceptHeader_IsProblemJsonWithTraceId()
    {
        var (status, contentType, problem) = await WriteAsync(ApiProblems.Problem(404, "Not found", "nothing here"), accept: "text/html");

        Assert.Equal(404, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.False(string.IsNullOrEmpty(problem["traceId"]?.GetValue<string>()));
        Assert.Equal(["detail", "status", "title", "traceId", "type"], problem.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    private static async Task<(int Status, string? ContentType, JsonNode Body)> WriteAsync(IResult result, string? accept = null)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddPipelineApi().BuildServiceProvider() };
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, context.Response.ContentType?.Split(';')[0], JsonNode.Parse(await new StreamReader(context.Response.Body).ReadToEndAsync())!);
    }
}
