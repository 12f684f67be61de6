using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary>Exit codes that need no pipeline: 2 for a command line that does not parse, 3 for an API that cannot be reached or fails.</summary>
public sealed class UsageAndConnectionTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public async Task TransitionVersion_WithoutModelName_ExitsTwoNamingTheOption()
    {
        var run = await CliProcess.RunAsync(NoEnvironment, "models", "transition-version", "--version", "3", "--stage", "production");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--model-name", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("required", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--version", "v3", "--stage", "production")]
    [InlineData("--version", "3", "--stage", "testing")]
    [InlineData("--version", "0", "--stage", "production")]
    public async Task TransitionVersion_BadVersionNumberOrStage_ExitsTwo(string versionOption, string version, string stageOption, string stage)
    {
        var run = await CliProcess.RunAsync(NoEnvironment, "models", "transition-version", "--model-name", "credit", versionOption, version, stageOption, stage);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_WithoutReason_ExitsTwoNamingTheOption()
    {
        var run = await CliProcess.RunAsync(NoEnvironment, "reject", "credit", "v1");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--reason", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_FileThatDoesNotExist_ExitsTwo()
    {
        var run = await CliProcess.RunAsync(NoEnvironment, "push", "/nonexistent/model.onnx", "--model", "credit", "--version", "v1");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("/nonexistent/model.onnx", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_UnreachableApiUrl_ExitsThreeNamingTheAddress()
    {
        var url = $"http://127.0.0.1:{FreePorts.Take(1)[0]}";

        var run = await CliProcess.RunAsync(NoEnvironment, "models", "list", "--api-url", url);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.StartsWith("error: Pipeline unreachable: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(url, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_UnreachableApiUrlFromTheEnvironmentWithJson_ExitsThreeWithAProblemShapedDocument()
    {
        var url = $"http://127.0.0.1:{FreePorts.Take(1)[0]}";

        var run = await CliProcess.RunAsync(new Dictionary<string, string> { ["PIPELINE_API_URL"] = url }, "approvals", "--json");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal("Pipeline unreachable", run.Json["title"]!.GetValue<string>());
        Assert.Contains(url, run.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, run.Json["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task Approve_ApiAnswers503_RetriesWithOneIdempotencyKeyThenExitsThree()
    {
        var keys = new ConcurrentQueue<string>();
        var tokens = new ConcurrentQueue<string>();
        await using var server = await LoopbackServer.StartAsync("/api/models/credit/versions/v1/approve", request =>
        {
            keys.Enqueue(request.Headers["Idempotency-Key"].ToString());
            tokens.Enqueue(request.Headers.Authorization.ToString());
            return Task.FromResult(Results.Problem(statusCode: 503, title: "Storage unavailable", detail: "Table storage did not answer."));
        });

        var run = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["PIPELINE_TOKEN"] = "token-from-the-environment" },
            "approve", "credit", "v1", "--api-url", server.Url.GetLeftPart(UriPartial.Authority));

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.StartsWith("error: Storage unavailable: ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, keys.Count);
        Assert.Single(keys.Distinct());
        Assert.False(string.IsNullOrEmpty(keys.First()));
        Assert.All(tokens, t => Assert.Equal("Bearer token-from-the-environment", t));
    }

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var run = await CliProcess.RunAsync(NoEnvironment, "--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var command in new[] { "push", "models", "approvals", "approve", "reject", "retest", "rollback" })
        {
            Assert.Contains(run.Lines, l => l.TrimStart().StartsWith(command + " ", StringComparison.Ordinal));
        }
    }
}
