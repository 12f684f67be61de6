using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary><c>pipeline models list|show|history|report</c> as tables and as JSON, and the operator's <c>rollback</c>.</summary>
[Collection(CliPipelineCollection.Name)]
public sealed class ReadAndOperatorCommandTests(CliPipelineFixture pipeline)
{
    [Fact]
    public async Task ModelsCommands_PushedVersion_ShowItsNumberStateHistoryAndReport()
    {
        var model = TestUploads.NewModelName("read");
        await pipeline.PushAsync(model, "v1");
        await pipeline.PushAsync(model, "v2", "broken.onnx", expectedExitCode: 1);

        var list = await pipeline.RunAsync(Callers.Rita, "models", "list", "--json");
        var show = await pipeline.RunAsync(Callers.Rita, "models", "show", model);
        var history = await pipeline.RunAsync(Callers.Rita, "models", "history", model, "--json");
        var report = await pipeline.RunAsync(Callers.Rita, "models", "report", model, "v2");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(list.Json.AsArray(), m => m!["model"]!.GetValue<string>() == model);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains(show.Lines, l => Cells(l).Take(3).SequenceEqual(["1", "v1", "Staging/AwaitingApproval"]));
        Assert.Contains(show.Lines, l => Cells(l).Take(3).SequenceEqual(["2", "v2", "Staging/TestsFailed"]));
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Equal("testsFailed", history.Json.AsArray()[0]!["action"]!.GetValue<string>());
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("A check failed.", report.Lines);
        Assert.Contains(report.Lines, l => Cells(l).Take(2).SequenceEqual(["loads", "failed"]));
    }

    [Fact]
    public async Task ModelsShow_UnknownModel_ExitsOneWithNotFound()
    {
        var run = await pipeline.RunAsync(Callers.Rita, "models", "show", TestUploads.NewModelName("nobody"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("error: Model not found: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_ExpectedCurrent_PutsTheArchivedVersionBackInProduction()
    {
        var model = TestUploads.NewModelName("rollback");
        foreach (var version in new[] { "v1", "v2" })
        {
            await pipeline.PushAsync(model, version);
            var approved = await pipeline.RunAsync(Callers.Ann, "approve", model, version);
            Assert.True(approved.ExitCode == 0, approved.ToString());
            await pipeline.Api.WaitForStateAsync(model, version, "Production/");
        }

        var run = await pipeline.RunAsync(Callers.Otto, "rollback", model, "--expected-current", "v2", "--reason", "v2 misbehaves");
        var again = await pipeline.RunAsync(Callers.Otto, "rollback", model, "--expected-current", "v2");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"{model} serves v1 again; v2 was archived.", run.Lines);
        Assert.Equal("v1", (await pipeline.Api.GetJsonAsync($"api/models/{model}/production"))["version"]!.GetValue<string>());
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.StartsWith("error: Rollback refused: ", again.Stderr, StringComparison.Ordinal);
    }

    // A table row's cells, without the border characters.
    private static string[] Cells(string line) =>
        line.Split(['│', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToArray();
}
