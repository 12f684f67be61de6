using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary><c>pipeline models transition-version</c>: MLflow's command shape, a version named by its number.</summary>
[Collection(CliPipelineCollection.Name)]
public sealed class TransitionVersionTests(CliPipelineFixture pipeline)
{
    [Fact]
    public async Task TransitionVersion_ProductionOnTheSecondVersion_PromotesItAndArchivesTheFirst()
    {
        var model = TestUploads.NewModelName("mlflow");
        await pipeline.PushAsync(model, "v1");
        await pipeline.PushAsync(model, "v2");
        var first = await pipeline.RunAsync(Callers.Ann, "models", "transition-version", "--model-name", model, "--version", "1", "--stage", "Production");
        Assert.True(first.ExitCode == 0, first.ToString());

        var second = await pipeline.RunAsync(Callers.Ann, "models", "transition-version", "--model-name", model, "--version", "2", "--stage", "production");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"{model} version 2 (v2) is in production; v1 was archived.", second.Lines);
        Assert.Equal("Production/", await pipeline.Api.StateOfAsync(model, "v2"));
        Assert.Equal("Archived/", await pipeline.Api.StateOfAsync(model, "v1"));
    }

    [Fact]
    public async Task TransitionVersion_Archived_ExitsOneExplainingWhatArchivesAVersion()
    {
        var model = TestUploads.NewModelName("archive");
        await pipeline.PushAsync(model, "v1");

        var run = await pipeline.RunAsync(Callers.Ann, "models", "transition-version", "--model-name", model, "--version", "1", "--stage", "ARCHIVED");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("error: A version cannot be archived directly: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("next version of its model is promoted", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("rolled back", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("Staging/AwaitingApproval", await pipeline.Api.StateOfAsync(model, "v1"));
    }

    [Fact]
    public async Task TransitionVersion_StagingOnAVersionWhoseTestsFailed_StartsANewRound()
    {
        var model = TestUploads.NewModelName("again");
        await pipeline.PushAsync(model, "v1", "broken.onnx", expectedExitCode: 1);

        var run = await pipeline.RunAsync(Callers.Otto, "models", "transition-version", "--model-name", model, "--version", "1", "--stage", "staging");

        Assert.True(run.ExitCode == 0, run.ToString());
        await Eventually.WaitAsync(
            async () => (await pipeline.Api.GetJsonAsync($"api/models/{model}/versions/v1"))["attempt"]!.GetValue<int>(),
            attempt => attempt == 2,
            TimeSpan.FromSeconds(30),
            "round 2");
    }

    [Fact]
    public async Task TransitionVersion_StagingOnAVersionAwaitingApproval_ExitsOneWithTheApisConflict()
    {
        var model = TestUploads.NewModelName("busy");
        await pipeline.PushAsync(model, "v1");

        var run = await pipeline.RunAsync(Callers.Otto, "models", "transition-version", "--model-name", model, "--version", "1", "--stage", "staging");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("error: Version state does not allow this: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransitionVersion_NumberTheModelDoesNotHave_ExitsOneSayingWhichItHas()
    {
        var model = TestUploads.NewModelName("nonumber");
        await pipeline.PushAsync(model, "v1");

        var run = await pipeline.RunAsync(Callers.Ann, "models", "transition-version", "--model-name", model, "--version", "7", "--stage", "production");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("has no version 7; its versions are numbered 1 to 1", run.Stderr, StringComparison.Ordinal);
    }
}
