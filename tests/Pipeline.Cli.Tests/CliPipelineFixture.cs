using System.Net.Http.Headers;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary>
/// One local runtime, started as a process on its own Azurite under the Jwt provider, for every test that needs
/// the pipeline (the machine has two cores: one runtime start for the assembly). Each test uses models of its own.
/// </summary>
public sealed class CliPipelineFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();
    private readonly string files = Path.Combine(Path.GetTempPath(), "pipeline-cli-tests", Guid.NewGuid().ToString("N"));
    private LocalRuntimeProcess? runtime;
    private HttpClient? reader;
    private int seed;

    /// <summary>The runtime's address, as given to <c>--api-url</c>.</summary>
    public string ApiUrl => Runtime.BaseAddress.ToString();

    /// <summary>The API as a reader, to check what the CLI did without the CLI.</summary>
    public ApiClient Api => new(reader ?? throw new InvalidOperationException("The fixture is not started."));

    /// <summary>The runtime's Azurite, for what storage holds.</summary>
    public AzuriteFixture Azurite => azurite;

    private LocalRuntimeProcess Runtime => runtime ?? throw new InvalidOperationException("The fixture is not started.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        Directory.CreateDirectory(files);
        var environment = new Dictionary<string, string>(TestTokens.JwtEnvironment)
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["TASKHUB_NAME"] = PipelineRuntime.NewTaskHubName(),
        };
        runtime = await LocalRuntimeProcess.StartAsync(environment);
        reader = new HttpClient { BaseAddress = runtime.BaseAddress };
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Callers.Rita);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        reader?.Dispose();
        if (runtime is not null)
        {
            await runtime.DisposeAsync();
        }

        await azurite.DisposeAsync();
        try
        {
            Directory.Delete(files, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    /// <summary>Runs the CLI against the runtime as the caller whose token is <paramref name="token"/> (given through PIPELINE_TOKEN).</summary>
    public Task<CliRun> RunAsync(string token, params string[] arguments) =>
        CliProcess.RunAsync(new Dictionary<string, string> { ["PIPELINE_API_URL"] = ApiUrl, ["PIPELINE_TOKEN"] = token }, arguments);

    /// <summary>
    /// A copy of a sample model from samples/models, made distinct (see <see cref="TestUploads.SampleModelBytes"/>)
    /// so that no two versions share an artifact, as a file named <paramref name="fileName"/>.
    /// </summary>
    public string SampleFile(string sample = "credit-risk-v1.onnx", string fileName = "model.onnx")
    {
        var folder = Path.Combine(files, Interlocked.Increment(ref seed).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, TestUploads.SampleModelBytes(seed, sample));
        return path;
    }

    /// <summary>Pushes a sample as <paramref name="model"/>/<paramref name="version"/> as Ursula, the uploader; fails unless it exits as expected.</summary>
    public async Task<CliRun> PushAsync(string model, string version, string sample = "credit-risk-v1.onnx", int expectedExitCode = 0)
    {
        var run = await RunAsync(Callers.Ursula, "push", SampleFile(sample), "--model", model, "--version", version);
        Assert.True(run.ExitCode == expectedExitCode, run.ToString());
        return run;
    }
}
