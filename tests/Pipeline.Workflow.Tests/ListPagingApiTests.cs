using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Core.Registry;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>
/// Every list of the HTTP API pages the same way: <c>?limit=</c>, the page's items as the body, the next page's address in
/// an RFC 8288 <c>Link</c> header; followed to the end it serves every item once; a bad limit or token is a 400 problem.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ListPagingApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Lists_FollowedByTheirLinks_ServeEveryItemOnce_AndRefuseBadLimitsAndTokens()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var store = runtime.Get<IRegistryStore>();
        var prefix = TestUploads.NewModelName("lp");
        var names = Enumerable.Range(0, 7).Select(i => $"{prefix}-{i}").ToList();
        foreach (var name in names)
        {
            Assert.True(await store.TryAddModelAsync(new RegisteredModel { Name = name, CreatedAt = DateTimeOffset.UtcNow }, CancellationToken.None));
        }

        // Models: pages of 3 from the first model of ours (the position is a name), each item once, by name.
        var models = await FollowAsync(runtime.Http, "api/models?limit=3", 3, body => body.AsArray());
        var listed = models.Select(m => m!["model"]!.GetValue<string>()).ToList();
        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(names, listed.Where(n => n.StartsWith(prefix + "-", StringComparison.Ordinal)));

        // A model's versions (newest first) and its history page the same way.
        var model = names[0];
        var at = DateTimeOffset.UtcNow;
        for (var i = 1; i <= 5; i++)
        {
            var version = new ModelVersion
            {
                Model = model,
                Version = $"v{i}",
                State = Core.Lifecycle.VersionState.Registered,
                ArtifactPath = $"{model}/v{i}/model.onnx",
                SizeBytes = 1,
                BlobETag = "\"0\"",
                RegisteredAt = at.AddSeconds(i),
                UpdatedAt = at.AddSeconds(i),
            };
            var row = await store.FindModelAsync(model, CancellationToken.None);
            Assert.NotNull(await store.TryAddVersionAsync(version, HistoryEntry.ForRegistration(version, "tester", "paging"), row, CancellationToken.None));
        }

        var versions = await FollowAsync(runtime.Http, $"api/models/{model}?limit=2", 2, body => body["versions"]!.AsArray());
        Assert.Equal(["v5", "v4", "v3", "v2", "v1"], versions.Select(v => v!["version"]!.GetValue<string>()));
        var history = await FollowAsync(runtime.Http, $"api/models/{model}/history?limit=2", 2, body => body.AsArray());
        Assert.Equal(["v5", "v4", "v3", "v2", "v1"], history.Select(h => h!["version"]!.GetValue<string>()));
        var events = await FollowAsync(runtime.Http, $"api/events?model={model}&limit=4", 4, body => body.AsArray());
        Assert.Equal(5, events.Count);

        var api = new ApiClient(runtime.Http);
        foreach (var list in new[] { "api/models", $"api/models/{model}", $"api/models/{model}/history", "api/uploads/rejected", "api/approvals", "api/events" })
        {
            var separator = list.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            foreach (var query in new[] { "limit=0", "limit=1001", "limit=many", "continuationToken=not-a-token", "continuationToken=cDE" })
            {
                var (status, contentType, problem) = await api.GetAsync($"{list}{separator}{query}");
                Assert.True(status == HttpStatusCode.BadRequest, $"GET {list}{separator}{query}: {status}");
                Assert.Equal("application/problem+json", contentType);
                Assert.Equal(400, problem!["status"]!.GetValue<int>());
            }
        }
    }

    // Reads a list to its end by the Link headers; every page but the last is full, the last has no Link.
    private static async Task<List<JsonNode?>> FollowAsync(HttpClient http, string path, int limit, Func<JsonNode, JsonArray> items)
    {
        var all = new List<JsonNode?>();
        string? next = path;
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 1000, $"{path} did not end.");
            using var response = await http.GetAsync(new Uri(next.TrimStart('/'), UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = items(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
            next = response.Headers.TryGetValues("Link", out var links) ? NextOf(Assert.Single(links)) : null;
            Assert.True(next is null ? page.Count <= limit : page.Count == limit, $"{next}: {page.Count} items");
            all.AddRange(page.Select(i => i?.DeepClone()));
        }

        return all;
    }

    private static string NextOf(string link)
    {
        Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);
        var target = link[1..link.IndexOf('>', StringComparison.Ordinal)];
        Assert.StartsWith("/api/", target, StringComparison.Ordinal);
        Assert.Contains("continuationToken=", target, StringComparison.Ordinal);
        return target;
    }
}
