using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary><c>pipeline approve</c>, <c>reject</c> and <c>approvals</c>, with the API's rules on who may decide.</summary>
[Collection(CliPipelineCollection.Name)]
public sealed class DecisionCommandTests(CliPipelineFixture pipeline)
{
    [Fact]
    public async Task Approve_ByAnotherApprover_PromotesTheVersionToProduction()
    {
        var model = TestUploads.NewModelName("approve");
        await pipeline.PushAsync(model, "v1");

        var run = await pipeline.RunAsync(Callers.Ann, "approve", model, "v1", "--comment", "looks right");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Approval 1 of 1 was recorded", run.Stdout, StringComparison.Ordinal);
        await pipeline.Api.WaitForStateAsync(model, "v1", "Production/");
        var shown = await pipeline.RunAsync(Callers.Rita, "models", "show", model, "--json");
        Assert.Equal("v1", shown.Json["production"]!["version"]!.GetValue<string>());
        var history = (await pipeline.Api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        var approval = history.Single(h => h!["action"]!.GetValue<string>() == "approvalRecorded")!;
        Assert.Equal("ann@example.com", approval["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approve_ByTheUploader_ExitsOneWithSeparationOfDutiesAndTheVersionWaits()
    {
        var model = TestUploads.NewModelName("sod");
        await pipeline.PushAsync(model, "v1");

        var run = await pipeline.RunAsync(Callers.Ursula, "approve", model, "v1");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("error: Separation of duties: ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("Staging/AwaitingApproval", await pipeline.Api.StateOfAsync(model, "v1"));
    }

    [Fact]
    public async Task Approve_ReaderToken_ExitsOneWithTheForbiddenProblemsTitleAndDetail()
    {
        var model = TestUploads.NewModelName("reader");
        await pipeline.PushAsync(model, "v1");

        var run = await pipeline.RunAsync(Callers.Rita, "approve", model, "v1");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("error: Role required: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Pipeline.Approver", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("Staging/AwaitingApproval", await pipeline.Api.StateOfAsync(model, "v1"));
    }

    [Fact]
    public async Task Approve_JsonWhenRefused_PrintsTheProblemDocument()
    {
        var model = TestUploads.NewModelName("refusedjson");
        await pipeline.PushAsync(model, "v1");

        var run = await pipeline.RunAsync(Callers.Rita, "approve", model, "v1", "--json");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("Role required", run.Json["title"]!.GetValue<string>());
        Assert.Equal(403, run.Json["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Reject_WithReason_RejectsTheVersion()
    {
        var model = TestUploads.NewModelName("reject");
        await pipeline.PushAsync(model, "v1");

        var run = await pipeline.RunAsync(Callers.Ann, "reject", model, "v1", "--reason", "scores too close to production");

        Assert.True(run.ExitCode == 0, run.ToString());
        await pipeline.Api.WaitForStateAsync(model, "v1", "Staging/Rejected");
    }

    [Fact]
    public async Task Approvals_PendingVersion_IsInTheTableAndTheJson()
    {
        var model = TestUploads.NewModelName("inbox");
        await pipeline.PushAsync(model, "v1");

        var table = await pipeline.RunAsync(Callers.Rita, "approvals");
        var json = await pipeline.RunAsync(Callers.Rita, "approvals", "--json");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains(table.Lines, l => l.Contains(model, StringComparison.Ordinal) && l.Contains("ursula@example.com", StringComparison.Ordinal) && l.Contains("0 of 1", StringComparison.Ordinal));
        Assert.True(json.ExitCode == 0, json.ToString());
        var pending = json.Json.AsArray().Single(p => p!["model"]!.GetValue<string>() == model)!;
        Assert.Equal("v1", pending["version"]!.GetValue<string>());
    }
}
