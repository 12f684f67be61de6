using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Storage.Transport;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Workflow.Tests.Faults;

/// <summary>
/// The v1 → v2 story with a fifth of every storage request of the runtime failing (its own clients and the durable
/// backend's): 503s, 500s and timeouts, the injector's default kinds. It must end as it does without faults: each
/// history entry once, one version in production, the other archived.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "Faults")]
public sealed class StorageFaultStoryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const double Rate = 0.2;
    private const int Seed = 20261201;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Story_TwentyPercentStorageFaults_EndsWithEachHistoryEntryOnceAndOneProduction()
    {
        var clock = Stopwatch.StartNew();
        await using var runtime = await PipelineRuntime.StartAsync(
            azurite, extraArgs: [$"--Pipeline:StorageFaults:Rate={Rate}", $"--Pipeline:StorageFaults:Seed={Seed}"]);
        var faults = runtime.Get<StorageTransport>().Faults ?? throw new InvalidOperationException("The fault settings did not turn the injector on.");
        var api = new PatientApi(runtime.Http);
        var model = TestUploads.NewModelName("sf");

        foreach (var (version, seed) in new[] { ("v1", 41), ("v2", 42) })
        {
            await TestUploads.UploadAsync(azurite.Blobs, $"{model}/{version}/model.onnx", TestUploads.SampleModelBytes(seed));
            await api.WaitForStateAsync(model, version, "Staging/AwaitingApproval", StepTimeout);
            var (status, body) = await api.PostAsync($"api/models/{model}/versions/{version}/approve", """{"comment": "through the faults"}""", "dana@example.com");
            Assert.True(status == HttpStatusCode.Accepted, $"approve {version} answered {(int)status}: {body}");
            await api.WaitForStateAsync(model, version, "Production/", StepTimeout);
        }

        await api.WaitForStateAsync(model, "v1", "Archived/", StepTimeout);
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray()
            .Select(entry => (Version: entry!["version"]?.GetValue<string>() ?? "", Action: entry["action"]!.GetValue<string>()))
            .ToList();
        var production = await api.GetJsonAsync($"api/models/{model}/production");
        var states = new[] { await api.StateOfAsync(model, "v1"), await api.StateOfAsync(model, "v2") };

        var injected = faults.Injected;
        output.WriteLine($"Storage faults: rate {Rate}, seed {Seed}: {injected.Values.Sum()} injected of {faults.Requests} storage requests " +
            $"({string.Join(", ", injected.Select(k => $"{k.Key}: {k.Value}"))}); story took {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"API statuses seen: {string.Join(", ", api.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
        output.WriteLine($"history ({history.Count}): {string.Join(", ", history.Select(h => $"{h.Version} {h.Action}"))}");
        output.WriteLine($"production: {production["version"]}; v1 {states[0]}, v2 {states[1]}");

        Assert.All(injected, kind => Assert.True(kind.Value > 0, $"no {kind.Key} fault was injected"));
        var doubled = history.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => $"{g.Key.Version} {g.Key.Action} x{g.Count()}").ToList();
        Assert.Empty(doubled);
        string[] expected = ["registered", "testsStarted", "testsPassed", "approvalRecorded", "promoted"];
        foreach (var version in new[] { "v1", "v2" })
        {
            Assert.All(expected, action => Assert.Contains((version, action), history));
        }

        Assert.Contains(("v1", "archived"), history);
        Assert.Equal("v2", production["version"]!.GetValue<string>());
        Assert.Equal(["Archived/", "Production/"], states);
    }
}
