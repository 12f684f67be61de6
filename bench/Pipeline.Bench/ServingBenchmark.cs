using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Pipeline.Storage;
using Pipeline.Testing;

namespace Pipeline.Bench;

/// <summary>
/// Serving lookups: <c>GET /api/models/{m}/production</c> under a loopback load generator, against a raw
/// Table point read of the model's row (where the production pointer lives) from the same process, with
/// the same concurrency, for the same time. Raw, API, raw: the raw rate is the mean of its two runs.
/// </summary>
public sealed class ServingBenchmark(PipelineRuntime runtime, BlobServiceClient blobs, TableServiceClient tables, ServingOptions options)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Puts one model in production, then runs the three load phases.</summary>
    public async Task<ServingReport> RunAsync(CancellationToken cancellationToken)
    {
        var model = TestUploads.NewModelName("serve");
        await PromoteAsync(model, cancellationToken);

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = runtime.Http.BaseAddress };
        var path = $"api/models/{model}/production";
        var registry = tables.GetTableClient(StorageNames.RegistryTable);

        async Task Api(CancellationToken ct)
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
            }
        }

        async Task Raw(CancellationToken ct) =>
            _ = (await registry.GetEntityAsync<TableEntity>(model, "model", cancellationToken: ct)).Value;

        var rawFirst = await LoadPhase.RunAsync("raw Table point read (model row)", Raw, options, cancellationToken);
        var api = await LoadPhase.RunAsync($"GET {path.Replace(model, "{m}", StringComparison.Ordinal)}", Api, options, cancellationToken);
        var rawSecond = await LoadPhase.RunAsync("raw Table point read (model row)", Raw, options, cancellationToken);
        return new ServingReport(DateTimeOffset.UtcNow, BenchReport.BuildConfiguration, Environment.ProcessorCount, options.Concurrency, api, rawFirst, rawSecond);
    }

    // Upload, wait for the tests, approve, wait for production.
    private async Task PromoteAsync(string model, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"Putting {model}/v1 in production...");
        await TestUploads.UploadAsync(blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await WaitForAsync(model, "Staging/AwaitingApproval", cancellationToken);
        using (var body = new StringContent("{}", Encoding.UTF8, "application/json"))
        using (var response = await runtime.Http.PostAsync($"api/models/{model}/versions/v1/approve", body, cancellationToken))
        {
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"Approving {model}/v1 answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        await WaitForAsync(model, "Production/", cancellationToken);
    }

    private async Task WaitForAsync(string model, string expected, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            using var response = await runtime.Http.GetAsync($"api/models/{model}/versions/v1", cancellationToken);
            var state = response.StatusCode == HttpStatusCode.OK
                ? JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) is { } body ? $"{body["stage"]}/{body["status"]}" : "?"
                : $"HTTP {(int)response.StatusCode}";
            if (state == expected)
            {
                return;
            }

            if (Stopwatch.GetElapsedTime(started) > StepTimeout)
            {
                throw new TimeoutException($"{model}/v1 did not become {expected} within {StepTimeout} (last seen {state}).");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
