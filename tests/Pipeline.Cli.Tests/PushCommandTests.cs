using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary><c>pipeline push</c>: an upload intent, the file through its URL, then the version followed through its tests.</summary>
[Collection(CliPipelineCollection.Name)]
public sealed class PushCommandTests(CliPipelineFixture pipeline)
{
    [Fact]
    public async Task Push_SampleModelStdoutNotATerminal_PrintsProgressLinesAndEachCheckAndExitsZeroAwaitingApproval()
    {
        var model = TestUploads.NewModelName("push");
        var file = pipeline.SampleFile();

        var run = await pipeline.RunAsync(Callers.Ursula, "push", file, "--model", model, "--version", "v1");

        Assert.True(run.ExitCode == 0, run.ToString());
        var size = new FileInfo(file).Length;
        Assert.Equal("Uploading model.onnx:   0% (0 B of " + size + " B)", run.Lines[0]);
        Assert.Contains($"Uploading model.onnx: 100% ({size} B of {size} B)", run.Lines);
        Assert.DoesNotContain(run.Stdout, c => c == '\u001b'); // no live display, no escape codes in a log
        foreach (var check in new[] { "integrity", "loads", "signature" })
        {
            Assert.Contains(run.Lines, l => l.TrimStart().StartsWith(check + " ", StringComparison.Ordinal) && l.Contains(" passed ", StringComparison.Ordinal));
        }

        Assert.Contains(run.Lines, l => l.TrimStart().StartsWith("evaluation ", StringComparison.Ordinal) && l.Contains(" skipped ", StringComparison.Ordinal));
        Assert.Contains($"{model}/v1: Staging/AwaitingApproval", run.Lines);
        var version = await pipeline.Api.GetJsonAsync($"api/models/{model}/versions/v1");
        Assert.Equal("AwaitingApproval", version["status"]!.GetValue<string>());
        Assert.Equal("ursula@example.com", version["uploadedBy"]!["name"]!.GetValue<string>());
        Assert.True(version["uploadedBy"]!["verified"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Push_FileLargerThanTheBlockSize_GoesInBlocksCommittedAsOneBlob()
    {
        var model = TestUploads.NewModelName("blocks");
        var file = pipeline.SampleFile();
        var bytes = await File.ReadAllBytesAsync(file);

        var run = await pipeline.RunAsync(Callers.Ursula, "push", file, "--model", model, "--version", "v1", "--block-size", "64");

        Assert.True(run.ExitCode == 0, run.ToString());
        var blob = pipeline.Azurite.Blobs.GetBlobContainerClient("models").GetBlockBlobClient($"{model}/v1/model.onnx");
        var blocks = (await blob.GetBlockListAsync(BlockListTypes.Committed)).Value.CommittedBlocks.ToList();
        Assert.Equal((bytes.Length + 63) / 64, blocks.Count);
        Assert.Equal(bytes, (await blob.DownloadContentAsync()).Value.Content.ToArray());
        Assert.True(run.Lines.Count(l => l.StartsWith("Uploading model.onnx:", StringComparison.Ordinal)) > 2, run.ToString());
    }

    [Fact]
    public async Task Push_BrokenModel_PrintsTheFailedCheckAndExitsOne()
    {
        var model = TestUploads.NewModelName("broken");

        var run = await pipeline.RunAsync(Callers.Ursula, "push", pipeline.SampleFile("broken.onnx"), "--model", model, "--version", "v1");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains(run.Lines, l => l.TrimStart().StartsWith("loads ", StringComparison.Ordinal) && l.Contains(" failed ", StringComparison.Ordinal));
        Assert.Contains($"{model}/v1: Staging/TestsFailed", run.Lines);
        Assert.StartsWith("error: Tests failed: ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("Staging/TestsFailed", await pipeline.Api.StateOfAsync(model, "v1"));
    }

    [Fact]
    public async Task Push_Json_PrintsOnlyTheVersionDocumentOnStdoutAndProgressOnStderr()
    {
        var model = TestUploads.NewModelName("json");

        var run = await pipeline.RunAsync(Callers.Ursula, "push", pipeline.SampleFile(), "--model", model, "--version", "v1", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var version = run.Json;
        Assert.Equal(model, version["model"]!.GetValue<string>());
        Assert.Equal("AwaitingApproval", version["status"]!.GetValue<string>());
        Assert.Equal(1, version["number"]!.GetValue<int>());
        Assert.Contains("Uploading model.onnx: 100%", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("integrity", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_VersionAlreadyRegistered_ExitsOneWithTheApisProblem()
    {
        var model = TestUploads.NewModelName("again");
        await pipeline.PushAsync(model, "v1");

        var run = await pipeline.RunAsync(Callers.Ursula, "push", pipeline.SampleFile(), "--model", model, "--version", "v1");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("error: Version state does not allow this: ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Uploading", run.Stdout, StringComparison.Ordinal);
    }
}
