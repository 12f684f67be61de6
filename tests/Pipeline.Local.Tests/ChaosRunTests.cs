using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Local.Tests;

/// <summary>
/// Thirty versions of six models uploaded, tested and approved at once (approvals in a seeded random order)
/// while the runtime is killed with kill -9 at seeded random moments and started again, with the default
/// durable settings. Afterwards everything settles: every version promoted and then archived or still in
/// production, one production version per model named by its pointer, every promotion archiving the version
/// it replaced, and every history entry exactly once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChaosRunTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Seed = 20261201;
    private const int Kills = 5;

    [Fact]
    [Trait("Category", "Faults")]
    public async Task ChaosRun_KilledAtRandomWhileThirtyVersionsMove_AllSettleWithoutAnomalies()
    {
        var random = new Random(Seed);
        var hub = PipelineRuntime.NewTaskHubName();
        // The default durable settings; only the node name is fixed, as a real node's is across its restarts.
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["TASKHUB_NAME"] = hub,
            ["Local__NodeName"] = "chaos-" + hub,
        };
        var models = Enumerable.Range(1, 6).Select(i => TestUploads.NewModelName($"chaos{i}")).ToList();
        var versions = Enumerable.Range(1, 5).Select(i => $"v{i}").ToList();
        var all = models.SelectMany(m => versions.Select(v => (Model: m, Version: v))).ToList();
        var order = all.OrderBy(_ => random.Next()).ToList();

        var runtime = await LocalRuntimeProcess.StartAsync(environment);
        var approved = new ConcurrentDictionary<(string Model, string Version), bool>();
        using var stop = new CancellationTokenSource();
        try
        {
            var seed = 100;
            await Task.WhenAll(all.Select(mv =>
                TestUploads.UploadAsync(azurite.Blobs, $"{mv.Model}/{mv.Version}/model.onnx", TestUploads.SampleModelBytes(seed: Interlocked.Increment(ref seed)))));
            var approver = Task.Run(() => ApproveAllAsync(() => runtime, order, approved, stop.Token), CancellationToken.None);

            var run = Stopwatch.StartNew();
            var lastRestart = Stopwatch.StartNew();
            for (var kill = 1; kill <= Kills; kill++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1000, 4000)));
                var before = await CountStatesAsync(new ApiClient(runtime.Http), all);
                await runtime.KillAsync();
                await runtime.DisposeAsync();
                output.WriteLine($"{run.Elapsed.TotalSeconds:0.0} s: kill -9 #{kill} with {Describe(before)}");
                runtime = await LocalRuntimeProcess.StartAsync(environment);
                lastRestart.Restart();
            }

            var api = new ApiClient(runtime.Http);
            var settled = await Eventually.WaitAsync(
                () => CountStatesAsync(api, all),
                states => states.Keys.All(s => s is "Production/" or "Archived/"),
                TimeSpan.FromSeconds(120),
                "every version to settle after the last restart");
            var settleTime = lastRestart.Elapsed;
            await stop.CancelAsync();
            await approver;

            var anomalies = new List<string>();
            foreach (var model in models)
            {
                anomalies.AddRange(await VersionAudit.ApprovedModelAnomaliesAsync(api, model, versions));
            }

            output.WriteLine($"{run.Elapsed.TotalSeconds:0.0} s: audited.");
            output.WriteLine($"Seed {Seed}: {Kills} kills, {all.Count} versions of {models.Count} models, {approved.Count} approvals answered 202.");
            output.WriteLine($"Final states: {Describe(settled)}.");
            output.WriteLine($"Settled {settleTime.TotalSeconds:0.0} s after the last restart began (goal: 60 s).");
            output.WriteLine($"Anomalies: {anomalies.Count}");
            foreach (var anomaly in anomalies)
            {
                output.WriteLine("  " + anomaly);
            }

            Assert.Empty(anomalies);
        }
        finally
        {
            await stop.CancelAsync();
            await runtime.DisposeAsync();
        }
    }

    // Approves every version in the given order, pass after pass, until each has been approved (or is seen past
    // its approval): versions still in test answer 409 and are tried again; a dead runtime refuses the connection.
    private static async Task ApproveAllAsync(
        Func<LocalRuntimeProcess> runtime, IReadOnlyList<(string Model, string Version)> order, ConcurrentDictionary<(string Model, string Version), bool> approved, CancellationToken stop)
    {
        var done = new HashSet<(string Model, string Version)>();
        while (!stop.IsCancellationRequested && done.Count < order.Count)
        {
            foreach (var mv in order.Where(mv => !done.Contains(mv)))
            {
                try
                {
                    var api = new ApiClient(runtime().Http);
                    var (status, _, _) = await api.PostAsync($"api/models/{mv.Model}/versions/{mv.Version}/approve", "{}", "ivan");
                    if (status == HttpStatusCode.Accepted)
                    {
                        approved[mv] = true;
                        done.Add(mv);
                    }
                    else if (await api.StateOfAsync(mv.Model, mv.Version) is "Production/" or "Archived/")
                    {
                        done.Add(mv);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ObjectDisposedException or InvalidOperationException)
                {
                    // Killed or restarting: the next pass tries again.
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<Dictionary<string, int>> CountStatesAsync(ApiClient api, IReadOnlyList<(string Model, string Version)> all)
    {
        var states = new List<string>();
        foreach (var (model, version) in all)
        {
            try
            {
                states.Add(await api.StateOfAsync(model, version));
            }
            catch (HttpRequestException)
            {
                states.Add("unreachable");
            }
        }

        return states.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
    }

    private static string Describe(Dictionary<string, int> states) =>
        string.Join(", ", states.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Value} {s.Key}"));
}
