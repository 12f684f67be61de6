using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Local.Tests;

/// <summary>
/// Three runtimes as one: three processes on one storage account and one task hub, each its own node.
/// Uploads are handled once, each round is scheduled once, the cleanup runs once per tick, and when one
/// node is killed (kill -9, not restarted) the other two take over its leader leases and its partitions.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "Faults")]
public sealed partial class ManyNodesTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Models = 10;
    private static readonly string[] Versions = ["v1", "v2", "v3"];
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task ThreeNodes_OneKilledMidway_EveryVersionEndsWhereItShouldAndNothingRunsTwice()
    {
        var hub = PipelineRuntime.NewTaskHubName();
        var models = Enumerable.Range(0, Models).Select(i => TestUploads.NewModelName($"nodes{i}")).ToList();
        var names = new[] { "node-1", "node-2", "node-3" };
        var started = await Task.WhenAll(names.Select(name => LocalRuntimeProcess.StartAsync(Environment(hub, name))));
        var nodes = names.Zip(started).ToDictionary(p => p.First, p => p.Second);
        try
        {
            // First v1 and v2 of every model (20 uploads); the watcher's leader is killed while they are handled.
            await UploadAsync(models, ["v1", "v2"]);
            var anyApi = new ApiClient(nodes["node-1"].Http);
            await Eventually.WaitAsync(
                () => CountRegisteredAsync(anyApi, models),
                count => count >= 8,
                StepTimeout,
                "some of the first uploads to be registered");

            var victim = await LeaderOfAsync(hub, "upload-watcher");
            Assert.Contains(victim, names);
            output.WriteLine($"Leaders before the kill: {await LeadersAsync(hub)}; killing {victim} (kill -9).");
            await nodes[victim].KillAsync();
            var killedAt = Stopwatch.StartNew();
            var survivors = names.Where(n => n != victim).ToList();

            // The rest of the uploads (10) arrive after the kill, for the survivors to find.
            await UploadAsync(models, ["v3"]);
            var (source, owners) = await Eventually.WaitAsync(
                () => TaskHubPartitions.ReadAsync(azurite.Tables, azurite.Blobs, hub),
                read => read.Owners.Count > 0 && read.Owners.Values.All(o => o is not null && survivors.Contains(o)),
                StepTimeout,
                $"the survivors ({string.Join(", ", survivors)}) to own every partition");
            output.WriteLine($"{killedAt.Elapsed.TotalSeconds:0.0} s from the kill until the survivors owned all {owners.Count} partitions ({source}): "
                + string.Join(", ", owners.Select(o => $"{o.Key[(o.Key.LastIndexOf('-') + 1)..]}={o.Value}")));
            await Eventually.WaitAsync(
                () => LeaderOfAsync(hub, "upload-watcher"), leader => survivors.Contains(leader), StepTimeout, "a survivor to lead the upload watcher");
            output.WriteLine($"{killedAt.Elapsed.TotalSeconds:0.0} s from the kill: leaders {await LeadersAsync(hub)}.");

            // Decisions, each sent to a random survivor: v1 then v2 approved (v2 ends in production, v1 archived), v3 rejected.
            var random = new Random(13);
            var apis = survivors.Select(n => new ApiClient(nodes[n].Http)).ToList();
            ApiClient Any()
            {
                lock (random)
                {
                    return apis[random.Next(apis.Count)];
                }
            }

            await Task.WhenAll(models.Select(model => DecideAsync(model, Any)));

            foreach (var model in models)
            {
                var api = Any();
                Assert.Equal("Archived/", await api.StateOfAsync(model, "v1"));
                Assert.Equal("Production/", await api.StateOfAsync(model, "v2"));
                Assert.Equal("Staging/Rejected", await api.StateOfAsync(model, "v3"));
                var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
                foreach (var version in Versions)
                {
                    var entries = history.Where(h => h!["version"]?.GetValue<string>() == version).Select(h => h!["action"]!.GetValue<string>()).ToList();
                    Assert.True(entries.Count(a => a == "registered") == 1, $"{model}/{version} registered {entries.Count(a => a == "registered")} times: {string.Join(", ", entries)}");
                    Assert.True(entries.Count(a => a == "testsStarted") == 1, $"{model}/{version} started its tests {entries.Count(a => a == "testsStarted")} times: {string.Join(", ", entries)}");
                }
            }

            await AssertEachRoundRanOnceAsync(hub, models, nodes.Values);
            AssertCleanupRanOncePerTick(nodes, victim);
        }
        finally
        {
            foreach (var (name, node) in nodes)
            {
                await node.DisposeAsync();
                output.WriteLine($"--- {name} ---");
                output.WriteLine(string.Join('\n', node.Output.Split('\n').Where(l => l.Contains("lead", StringComparison.Ordinal) || l.Contains("stands by", StringComparison.Ordinal))));
            }
        }
    }

    private async Task DecideAsync(string model, Func<ApiClient> any)
    {
        foreach (var version in Versions)
        {
            await Eventually.WaitAsync(() => any().StateOfAsync(model, version), s => s == "Staging/AwaitingApproval", StepTimeout, $"{model}/{version} to await approval");
        }

        foreach (var version in new[] { "v1", "v2" })
        {
            var (status, _, body) = await any().PostAsync($"api/models/{model}/versions/{version}/approve", "{}", "ivan");
            Assert.True(status == HttpStatusCode.Accepted, $"Approving {model}/{version} answered {(int)status}: {body}");
            await Eventually.WaitAsync(() => any().StateOfAsync(model, version), s => s == "Production/", StepTimeout, $"{model}/{version} in production");
        }

        var (rejected, _, answer) = await any().PostAsync($"api/models/{model}/versions/v3/reject", """{"reason": "not this one"}""", "erin");
        Assert.True(rejected == HttpStatusCode.Accepted, $"Rejecting {model}/v3 answered {(int)rejected}: {answer}");
        await Eventually.WaitAsync(() => any().StateOfAsync(model, "v3"), s => s == "Staging/Rejected", StepTimeout, $"{model}/v3 rejected");
    }

    // The durable backend's own records: a round scheduled twice is replaced (a new generation) or leaves
    // start events of two executions in its history.
    private async Task AssertEachRoundRanOnceAsync(string hub, IReadOnlyList<string> models, IEnumerable<LocalRuntimeProcess> nodes)
    {
        var instances = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in azurite.Tables.GetTableClient(hub + "Instances").QueryAsync<TableEntity>())
        {
            instances[row.PartitionKey] = row;
        }

        var starts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await foreach (var row in azurite.Tables.GetTableClient(hub + "History").QueryAsync<TableEntity>(e => e.GetString("EventType") == "ExecutionStarted"))
        {
            if (!starts.TryGetValue(row.PartitionKey, out var list))
            {
                starts[row.PartitionKey] = list = [];
            }

            list.Add(row.GetString("ExecutionId") ?? string.Empty);
        }

        var logs = string.Join('\n', nodes.Select(n => n.Output));
        foreach (var model in models)
        {
            foreach (var version in Versions)
            {
                var id = $"{model}:{version}:1";
                Assert.True(instances.TryGetValue(id, out var instance), $"No durable instance {id}.");
                Assert.Equal(0, instance.GetInt32("Generation") ?? 0);
                Assert.True(starts.TryGetValue(id, out var executions) && executions.Count == 1, $"{id} has {executions?.Count ?? 0} ExecutionStarted events.");
                Assert.True(Regex.Count(logs, $"Round {Regex.Escape(id)} scheduled by") <= 1, $"{id} was scheduled more than once.");
            }
        }
    }

    // Each tick (its due time) ran on one node, except one the killed node began: the next leader runs it again.
    private void AssertCleanupRanOncePerTick(Dictionary<string, LocalRuntimeProcess> nodes, string victim)
    {
        var runs = nodes.SelectMany(n => CleanupRun().Matches(n.Value.Output).Select(m => (Due: m.Groups["due"].Value, Node: n.Key))).ToList();
        var victimsLast = runs.Where(r => r.Node == victim).Select(r => r.Due).DefaultIfEmpty(string.Empty).Max(StringComparer.Ordinal);
        output.WriteLine($"Cleanup ticks: {runs.Count} runs, {runs.Select(r => r.Due).Distinct().Count()} ticks, by {string.Join(", ", runs.GroupBy(r => r.Node).Select(g => $"{g.Key}: {g.Count()}"))}.");
        Assert.True(runs.Select(r => r.Due).Distinct().Count() >= 3, $"The cleanup ran for only {runs.Count} ticks.");
        foreach (var tick in runs.GroupBy(r => r.Due))
        {
            var expected = tick.Key == victimsLast && tick.Any(r => r.Node == victim) ? 2 : 1;
            Assert.True(tick.Count() <= expected, $"The cleanup due at {tick.Key} ran {tick.Count()} times: {string.Join(", ", tick.Select(r => r.Node))}.");
        }
    }

    private async Task UploadAsync(IReadOnlyList<string> models, IReadOnlyList<string> versions)
    {
        var seed = int.Parse(versions[0][1..], CultureInfo.InvariantCulture);
        await Task.WhenAll(models.SelectMany((model, i) => versions.Select((version, j) =>
            TestUploads.UploadAsync(azurite.Blobs, $"{model}/{version}/model.onnx", TestUploads.SampleModelBytes(seed: (seed * 100) + (i * 10) + j)))));
    }

    private static async Task<int> CountRegisteredAsync(ApiClient api, IReadOnlyList<string> models)
    {
        var states = await Task.WhenAll(models.SelectMany(m => new[] { "v1", "v2" }.Select(v => api.StateOfAsync(m, v))));
        return states.Count(s => !s.StartsWith("HTTP", StringComparison.Ordinal));
    }

    private async Task<string> LeaderOfAsync(string hub, string role)
    {
        var blob = azurite.Blobs.GetBlobContainerClient("local-leaders").GetBlobClient($"{hub.ToLowerInvariant()}/{role}");
        var properties = await blob.GetPropertiesAsync();
        return properties.Value.LeaseState == Azure.Storage.Blobs.Models.LeaseState.Leased && properties.Value.Metadata.TryGetValue("leader", out var leader)
            ? leader
            : "(none)";
    }

    private async Task<string> LeadersAsync(string hub)
    {
        var roles = new[] { "upload-watcher", "cleanup-scheduler", "event-dispatcher" };
        var leaders = await Task.WhenAll(roles.Select(role => LeaderOfAsync(hub, role)));
        return string.Join(", ", roles.Zip(leaders, (role, leader) => $"{role}={leader}"));
    }

    private Dictionary<string, string> Environment(string hub, string node) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["TASKHUB_NAME"] = hub,
        ["Local__NodeName"] = node,
        ["CLEANUP_SCHEDULE"] = "*/5 * * * * *",
        ["Local__BackendLogLevel"] = "Warning",
    };

    [GeneratedRegex(@"Running the archive cleanup due at (?<due>\S+) on (?<node>[^ .]+)")]
    private static partial Regex CleanupRun();
}
