using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Api.Http;
using Pipeline.Functions.Http;
using Pipeline.Testing;

namespace Pipeline.Functions.Tests;

/// <summary>
/// Both hosts serve the same API: the same methods on the same route templates, none under the
/// Functions host's reserved prefixes, and the same problem documents, unknown routes included.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RouteTableTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private PipelineRuntime runtime = null!;

    public async Task InitializeAsync() => runtime = await PipelineRuntime.StartAsync(azurite);

    public async Task DisposeAsync() => await runtime.DisposeAsync();

    [Fact]
    public void RouteTables_LocalRuntimeAndFunctionsApp_AreTheSame()
    {
        var local = LocalRoutes(runtime);
        var functions = FunctionsRoutes();

        Assert.NotEmpty(local);
        Assert.True(local.SetEquals(functions),
            $"Only in the local runtime: {string.Join(", ", local.Except(functions))}. Only in the Functions app: {string.Join(", ", functions.Except(local))}.");
    }

    [Fact]
    public void RouteTables_NoRoute_StartsWithAReservedPrefix()
    {
        foreach (var route in LocalRoutes(runtime).Concat(FunctionsRoutes()))
        {
            var first = route.Template[(ApiRoutes.Prefix.Length + 1)..].Split('/')[0];
            Assert.DoesNotContain(first, ApiRoutes.ReservedPrefixes, StringComparer.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("GET", "api/nope")]
    [InlineData("GET", "api/nope/x.json")]
    [InlineData("DELETE", "api/models")]
    [InlineData("POST", "api/admin/cleanup")]
    public async Task UnknownRoute_BothHosts_AnswerTheSameProblem(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await runtime.Http.SendAsync(request);
        var local = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var functions = await Calls.InvokeAsync(new ModelHttpFunctions(runtime.Get<ModelApi>()).NoSuchRoute(RequestTo(method, "/" + path)));
        Assert.Equal(HttpStatusCode.NotFound, functions.Status);
        Assert.Equal(local["detail"]!.GetValue<string>(), functions.Body!["detail"]!.GetValue<string>());
        Assert.Equal(MemberNames(local), MemberNames(functions.Body!));
    }

    [Fact]
    public async Task ProblemDocuments_BothHosts_CarryTheSameMembers()
    {
        var (status, _, local) = await new ApiClient(runtime.Http).GetAsync("api/models/ghost");
        var functions = await Calls.InvokeAsync(new ModelHttpFunctions(runtime.Get<ModelApi>()).GetModel(RequestTo("GET", "/api/models/ghost"), "ghost"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(HttpStatusCode.NotFound, functions.Status);
        Assert.Contains("traceId", MemberNames(functions.Body!));
        Assert.Equal(MemberNames(local!), MemberNames(functions.Body!));
    }

    [Fact]
    public void RouteTables_OpenApiDocument_IsServedByBothHosts()
    {
        var route = ("GET", $"{ApiRoutes.Prefix}/{ApiRoutes.OpenApi}");

        Assert.Contains(route, LocalRoutes(runtime));
        Assert.Contains(route, FunctionsRoutes());
    }

    /// <summary>The local runtime's routes under the prefix: method (or <c>*</c> for any) and template.</summary>
    internal static HashSet<(string Method, string Template)> LocalRoutes(PipelineRuntime runtime) =>
        ((IEndpointRouteBuilder)runtime.Runtime.App).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e => (Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods, Template: e.RoutePattern.RawText!.TrimStart('/')))
            // Outside the prefix the Functions host answers for itself; only the API is compared.
            .Where(e => e.Template.StartsWith(ApiRoutes.Prefix + "/", StringComparison.Ordinal))
            .SelectMany(e => (e.Methods is { Count: > 0 } methods ? methods : ["*"]).Select(m => (m.ToUpperInvariant(), e.Template)))
            .ToHashSet();

    /// <summary>The Functions app's HTTP triggers: method (or <c>*</c> for any) and template.</summary>
    internal static HashSet<(string Method, string Template)> FunctionsRoutes() =>
        typeof(ModelHttpFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
            .OfType<HttpTriggerAttribute>()
            .SelectMany(t => (t.Methods is { Length: > 0 } methods ? methods : ["*"]).Select(m => (m.ToUpperInvariant(), $"{ApiRoutes.Prefix}/{t.Route}")))
            .ToHashSet();

    private static List<string> MemberNames(JsonNode document) => document.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToList();

    private FunctionCalls Calls => new(runtime);

    private HttpRequest RequestTo(string method, string path)
    {
        var request = Calls.NewRequest(method);
        request.Path = path;
        return request;
    }
}
