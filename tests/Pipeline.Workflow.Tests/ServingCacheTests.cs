using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Pipeline.Core.Lifecycle;
using Pipeline.Storage;
using Pipeline.Storage.Blobs;
using Pipeline.Storage.Tables;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>
/// The serving lookup's cache through the local runtime: the node that switches production serves the change at
/// once, a change made elsewhere is served within the TTL, and the HTTP caching headers say so.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ServingCacheTests(AzuriteFixture azurite)
{
    private const string Approver = "victor@example.com";

    [Fact]
    public async Task Production_SwitchedOnTheNode_ServedAtOnceAndAnotherNodesSwitchOnlyAfterNoCache()
    {
        // A minute: nothing here expires by itself, so what changes the answer is the invalidation or the no-cache.
        await using var runtime = await PipelineRuntime.StartAsync(azurite, extraArgs: ["--Pipeline:ProductionCacheTtl=00:01:00"]);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("serve");
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes(seed: 1));
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v2/model.onnx", TestUploads.SampleModelBytes(seed: 2));
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        await Approve(api, model, "v1");

        var first = await GetProductionAsync(runtime.Http, model);
        var second = await GetProductionAsync(runtime.Http, model);
        Assert.Equal("v1", first.Version);
        Assert.Equal("private, max-age=60", first.CacheControl);
        Assert.Null(first.Age);
        Assert.Equal("v1", second.Version);
        Assert.NotNull(second.Age);
        Assert.Equal(first.ETag, second.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await GetProductionAsync(runtime.Http, model, ifNoneMatch: first.ETag)).Status);

        // The promotion runs on this node's worker: the next lookup after it serves v2, though v1's entry had a minute left.
        await api.WaitForStateAsync(model, "v2", "Staging/AwaitingApproval");
        await Approve(api, model, "v2");
        var promoted = await GetProductionAsync(runtime.Http, model);
        Assert.Equal("v2", promoted.Version);
        Assert.NotEqual(first.ETag, promoted.ETag);

        // The switch's scope ends after its commit (the models index is written next); until then lookups keep nothing.
        await Eventually.WaitAsync(() => GetProductionAsync(runtime.Http, model), s => s.Age is not null, TimeSpan.FromSeconds(10), "v2 to be kept");

        // Another node rolls back (its own switch over the same tables): this node keeps serving v2 within its bound...
        var otherNode = new ProductionSwitch(new TableRegistryStore(azurite.Tables), new BlobArtifactStore(azurite.Blobs), TimeProvider.System);
        await otherNode.RollbackAsync(model, "v1", "v2", "oncall@example.com", "the other node", CancellationToken.None);
        var stale = await GetProductionAsync(runtime.Http, model);
        Assert.Equal("v2", stale.Version);
        Assert.NotNull(stale.Age);

        // ...until a client asks for a fresh answer, which refreshes the entry for everyone.
        var fresh = await GetProductionAsync(runtime.Http, model, noCache: true);
        Assert.Equal("v1", fresh.Version);
        Assert.Null(fresh.Age);
        Assert.Equal("v1", (await GetProductionAsync(runtime.Http, model)).Version);
    }

    [Fact]
    public async Task Production_ChangedByAnotherNode_ServedOnceTheDefaultTtlHasPassed()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var table = azurite.Tables.GetTableClient(StorageNames.RegistryTable);
        await table.CreateIfNotExistsAsync();
        var model = TestUploads.NewModelName("serve");
        await WriteModelRowAsync(table, model, production: "v1");

        var warm = await GetProductionAsync(runtime.Http, model);
        Assert.Equal("v1", warm.Version);
        Assert.Equal("private, max-age=1", warm.CacheControl);

        // Another node's promotion, written straight into the model row.
        await WriteModelRowAsync(table, model, production: "v2");
        var written = Stopwatch.StartNew();
        var soon = await GetProductionAsync(runtime.Http, model);
        Assert.Contains(soon.Version, new[] { "v1", "v2" });

        // Whatever this node held was read before the write, so one TTL after it nothing older is served.
        var wait = TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(200) - written.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        Assert.Equal("v2", (await GetProductionAsync(runtime.Http, model)).Version);

        // No production version is kept like a pointer; an unknown model is not kept at all.
        var empty = TestUploads.NewModelName("serve");
        await WriteModelRowAsync(table, empty, production: null);
        var none = await GetProductionAsync(runtime.Http, empty);
        Assert.Equal((HttpStatusCode.NotFound, "No production version", "private, max-age=1"), (none.Status, none.Title, none.CacheControl));
        var ghost = await GetProductionAsync(runtime.Http, TestUploads.NewModelName("ghost"));
        Assert.Equal((HttpStatusCode.NotFound, "Model not found", "private, max-age=0"), (ghost.Status, ghost.Title, ghost.CacheControl));
    }

    private static async Task Approve(ApiClient api, string model, string version)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"api/models/{model}/versions/{version}/approve", "{}", Approver)).Status);
        await api.WaitForStateAsync(model, version, "Production/");
    }

    // The model row as a node's promotion leaves it (the pointer's columns), or a model without a production version.
    private static Task WriteModelRowAsync(TableClient table, string model, string? production) =>
        table.UpsertEntityAsync(
            new TableEntity(model, "model")
            {
                ["CreatedAt"] = DateTimeOffset.UtcNow,
                ["ProductionVersion"] = production,
                ["ProductionVaultPath"] = production is null ? null : $"{model}/{production}/model.onnx",
                ["ProductionSha256"] = production is null ? null : new string('c', 64),
                ["ProductionSince"] = production is null ? null : DateTimeOffset.UtcNow,
                ["ProductionNumber"] = production is null ? null : int.Parse(production[1..], System.Globalization.CultureInfo.InvariantCulture),
            },
            TableUpdateMode.Replace);

    private static async Task<Served> GetProductionAsync(HttpClient http, string model, bool noCache = false, EntityTagHeaderValue? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/models/{model}/production");
        if (noCache)
        {
            request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text);
        return new Served(
            response.StatusCode,
            response.StatusCode == HttpStatusCode.OK ? body!["version"]!.GetValue<string>() : null,
            body?["title"]?.GetValue<string>(),
            response.Headers.NonValidated.TryGetValues("Cache-Control", out var cacheControl) ? cacheControl.ToString() : null,
            response.Headers.Age,
            response.Headers.ETag);
    }

    private sealed record Served(HttpStatusCode Status, string? Version, string? Title, string? CacheControl, TimeSpan? Age, EntityTagHeaderValue? ETag);
}
