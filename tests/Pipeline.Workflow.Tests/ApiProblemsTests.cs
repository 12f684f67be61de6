using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Http;
using Pipeline.Api.Identity;
using Pipeline.Core.Access;
using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Testing;
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

    [Fact]
    public async Task Unauthenticated_WithAChallenge_Is401WithWwwAuthenticate()
    {
        var context = NewContext();

        await ApiProblems.From(new UnauthenticatedException("No token.", "Bearer")).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        Assert.Equal("Bearer", context.Response.Headers.WWWAuthenticate.ToString());
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthenticated_WithoutAChallenge_Is401WithoutWwwAuthenticate()
    {
        var context = NewContext();

        await ApiProblems.From(new UnauthenticatedException("No header.")).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        Assert.False(context.Response.Headers.ContainsKey("WWW-Authenticate"));
    }

    [Fact]
    public async Task AccessDenied_Is403NamingTheRequiredRole()
    {
        var (status, _, problem) = await WriteAsync(ApiProblems.From(new AccessDeniedException("ann", PipelineAction.Approve, PipelineRole.Approver)));

        Assert.Equal(StatusCodes.Status403Forbidden, status);
        Assert.Equal("Pipeline.Approver", problem["requiredRole"]!.GetValue<string>());
        Assert.Equal("Approve", problem["action"]!.GetValue<string>());
    }

    private static DefaultHttpContext NewContext() => new()
    {
        RequestServices = new ServiceCollection().AddPipelineApi(AuthProvider.EasyAuth).BuildServiceProvider(),
        Response = { Body = new MemoryStream() },
    };

    private static async Task<(int Status, string? ContentType, JsonNode Body)> WriteAsync(IResult result, string? accept = null)
    {
        var context = NewContext();
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        var (status, contentType, body) = await ExecutedResult.RunAsync(result, context);
        return (status, contentType, body!);
    }
}
