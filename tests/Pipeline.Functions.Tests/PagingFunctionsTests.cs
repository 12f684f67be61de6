using System.Net;
using Microsoft.AspNetCore.Http;
using Pipeline.Api.Http;
using Pipeline.Core.Registry;
using Pipeline.Functions.Http;
using Pipeline.Testing;

namespace Pipeline.Functions.Tests;

/// <summary>The Functions app's lists page as the local runtime's do: the same limit, token and Link header, mapped by the thin triggers.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PagingFunctionsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private PipelineRuntime runtime = null!;

    public async Task InitializeAsync() => runtime = await PipelineRuntime.StartAsync(azurite);

    public async Task DisposeAsync() => await runtime.DisposeAsync();

    [Fact]
    public async Task ListModels_FollowedByItsLinks_ListsEveryModelOnce_AndABadLimitIs400()
    {
        var store = runtime.Get<IRegistryStore>();
        var prefix = TestUploads.NewModelName("fp");
        var names = Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}").ToList();
        foreach (var name in names)
        {
            await store.TryAddModelAsync(new RegisteredModel { Name = name, CreatedAt = DateTimeOffset.UtcNow }, CancellationToken.None);
        }

        var calls = new FunctionCalls(runtime);
        var functions = new ModelHttpFunctions(runtime.Get<ModelApi>());
        var listed = new List<string>();
        var query = "?limit=2";
        for (var pages = 0; query is not null; pages++)
        {
            Assert.True(pages < 1000, "The list did not end.");
            var request = calls.NewRequest("GET");
            request.Path = "/api/models";
            request.QueryString = new QueryString(query);
            var (status, response, body) = await calls.InvokeAsync(functions.ListModels(request));
            Assert.Equal(HttpStatusCode.OK, status);
            var page = body!.AsArray().Select(m => m!["model"]!.GetValue<string>()).ToList();
            listed.AddRange(page);
            var link = response.Headers.Link.ToString();
            query = link.Length == 0 ? null : link[link.IndexOf('?', StringComparison.Ordinal)..link.IndexOf('>', StringComparison.Ordinal)];
            Assert.True(query is null ? page.Count <= 2 : page.Count == 2 && link.StartsWith("</api/models?", StringComparison.Ordinal));
        }

        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(names, listed.Where(n => n.StartsWith(prefix + "-", StringComparison.Ordinal)));

        var bad = calls.NewRequest("GET");
        bad.QueryString = new QueryString("?limit=0");
        var (badStatus, badResponse, problem) = await calls.InvokeAsync(functions.ListModels(bad));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.StartsWith("application/problem+json", badResponse.ContentType, StringComparison.Ordinal);
        Assert.Contains("'limit'", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
