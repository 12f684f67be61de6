using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Pipeline.Api.Http;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests.Identity;

/// <summary>
/// The local runtime under <c>Auth__Provider=Jwt</c> with the test key: bearer tokens minted here are
/// checked for issuer, audience, lifetime and signature; identity headers are ignored; roles decide actions.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class JwtProviderTests(AzuriteFixture azurite, SharedPipelineRuntime shared) : IClassFixture<SharedPipelineRuntime>, IAsyncLifetime
{
    private const string Model = "credit-risk";

    private PipelineRuntime runtime = null!;

    /// <summary>Every guarded route with a concrete path; <see cref="GuardedRoutes_CoverTheRouteTable"/> keeps it complete.</summary>
    // Served to anyone by choice: health for probes, the OpenAPI document (how to authenticate is in it), and the
    // approver's page, whose files hold no data.
    private static readonly string[] Anonymous = [ApiRoutes.Health, ApiRoutes.OpenApi, ApiRoutes.Ui, ApiRoutes.UiScript, ApiRoutes.UiStyles, ApiRoutes.UiIcon];

    public static TheoryData<string> AnonymousRoutes { get; } = new(Anonymous);

    public static TheoryData<string, string> GuardedRoutes { get; } = new()
    {
        { "GET", "api/models" },
        { "GET", $"api/models/{Model}" },
        { "GET", $"api/models/{Model}/production" },
        { "GET", $"api/models/{Model}/policy" },
        { "PUT", $"api/models/{Model}/policy" },
        { "POST", $"api/models/{Model}/rollback" },
        { "GET", $"api/models/{Model}/history" },
        { "GET", $"api/models/{Model}/versions/v1" },
        { "GET", $"api/models/{Model}/versions/v1/report" },
        { "POST", $"api/models/{Model}/versions/v1/approve" },
        { "POST", $"api/models/{Model}/versions/v1/reject" },
        { "POST", $"api/models/{Model}/versions/v1/retest" },
        { "POST", $"api/models/{Model}/versions/v1/uploads" },
        { "POST", "api/uploads" },
        { "GET", "api/uploads/rejected" },
        { "GET", "api/events" },
        { "GET", "api/approvals?status=pending" },
        { "POST", "api/cleanup/runs" },
        { "DELETE", "api/no/such/route" },
    };

    public async Task InitializeAsync() => runtime = await shared.StartOnceAsync(azurite, TestTokens.JwtSettings);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Read_ValidTokenWithoutRoles_Answers200()
    {
        var (status, _, _) = await SendAsync("GET", "api/models", TestTokens.Mint("reader@example.com"));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("expired", "expired")]
    [InlineData("wrong audience", "audience")]
    [InlineData("wrong signature", "signature")]
    [InlineData("wrong issuer", "issuer")]
    [InlineData("unsigned", "")]
    [InlineData("not a JWT", "")]
    public async Task Read_SpoiledToken_Answers401WithInvalidTokenChallenge(string flaw, string named)
    {
        var token = flaw switch
        {
            "expired" => TestTokens.Mint("ann@example.com", expiresIn: TimeSpan.FromMinutes(-30)),
            "wrong audience" => TestTokens.Mint("ann@example.com", audience: "api://someone-else"),
            "wrong signature" => TestTokens.Mint("ann@example.com", key: TestTokens.OtherKey),
            "wrong issuer" => TestTokens.Mint("ann@example.com", issuer: "https://elsewhere.test"),
            "unsigned" => TestTokens.Mint("ann@example.com", signed: false),
            _ => "garbage.not-a.token",
        };

        var (status, response, problem) = await SendAsync("GET", "api/models", token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
        Assert.Contains(named, problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(GuardedRoutes))]
    public async Task GuardedRoute_NoToken_Answers401WithBearerChallenge(string method, string path)
    {
        var (status, response, problem) = await SendAsync(method, path, token: null, body: "{}");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().ToString());
        Assert.Equal(401, problem!["status"]!.GetValue<int>());
    }

    [Fact]
    public void GuardedRoutes_CoverTheRouteTable()
    {
        var routes = ((IEndpointRouteBuilder)runtime.Runtime.App).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e => (Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [], Template: e.RoutePattern.RawText!.TrimStart('/')))
            // The MLflow routes answer in MLflow's error shape: MlflowRegistryTests.EveryOperation_NoToken_Answers401 covers them.
            .Where(e => e.Template.StartsWith(ApiRoutes.Prefix + "/", StringComparison.Ordinal)
                && !e.Template.StartsWith($"{ApiRoutes.Prefix}/{Api.Mlflow.MlflowRoutes.Root}/", StringComparison.Ordinal)
                && !Anonymous.Any(route => e.Template == $"{ApiRoutes.Prefix}/{route}"))
            .ToList();

        Assert.NotEmpty(routes);
        foreach (var (methods, template) in routes)
        {
            // {model} is one segment, {*path} any rest.
            var escaped = Regex.Replace(Regex.Escape(template), @"\\\{\\\*\w+\}", ".+");
            var pattern = new Regex("^" + Regex.Replace(escaped, @"\\\{\w+\}", "[^/]+") + "(\\?.*)?$");
            Assert.True(
                GuardedRoutes.Any(row => (methods.Count == 0 || methods.Contains((string)row[0])) && pattern.IsMatch((string)row[1])),
                $"No case of {string.Join("|", methods)} {template} in GuardedRoutes.");
        }
    }

    [Theory]
    [MemberData(nameof(AnonymousRoutes))]
    public async Task AnonymousRoute_NoToken_Answers200(string route)
    {
        using var response = await runtime.Http.GetAsync($"{ApiRoutes.Prefix}/{route}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_NoToken_Answers200Ok()
    {
        var (status, _, body) = await SendAsync("GET", "api/health", token: null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("POST", $"api/models/{Model}/versions/v1/approve", "Pipeline.Approver")]
    [InlineData("POST", $"api/models/{Model}/versions/v1/reject", "Pipeline.Approver")]
    [InlineData("POST", $"api/models/{Model}/versions/v1/retest", "Pipeline.Operator")]
    [InlineData("POST", $"api/models/{Model}/rollback", "Pipeline.Operator")]
    [InlineData("POST", "api/cleanup/runs", "Pipeline.Operator")]
    [InlineData("PUT", $"api/models/{Model}/policy", "Pipeline.Owner")]
    [InlineData("POST", $"api/models/{Model}/versions/v1/uploads", "Pipeline.Uploader")]
    [InlineData("POST", "api/uploads", "Pipeline.Uploader")]
    public async Task GuardedAction_TokenWithoutTheRole_Answers403NamingIt(string method, string path, string role)
    {
        // No roles at all, and every role but the one needed: roles do not stand in for each other.
        var others = new[] { "Pipeline.Uploader", "Pipeline.Approver", "Pipeline.Owner", "Pipeline.Operator" }.Where(r => r != role);

        foreach (var roles in new[] { Array.Empty<string>(), others.ToArray() })
        {
            var (status, _, problem) = await SendAsync(method, path, TestTokens.Mint("ann@example.com", roles), body: """{"reason": "because"}""");

            Assert.True(status == HttpStatusCode.Forbidden, $"{method} {path} with roles [{string.Join(",", roles)}]: {status}");
            Assert.Equal(role, problem!["requiredRole"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Reads_TokenWithoutRoles_Answer200()
    {
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        using var reader = ClientWith(TestTokens.Mint("reader@example.com"));
        await new ApiClient(reader).WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        var (put, _, _) = await SendAsync("PUT", $"api/models/{model}/policy", TestTokens.Mint("olga@example.com", ["Pipeline.Owner"]), body: "{}");
        Assert.Equal(HttpStatusCode.OK, put);

        foreach (var path in new[] { "api/models", $"api/models/{model}", $"api/models/{model}/versions/v1", $"api/models/{model}/versions/v1/report", $"api/models/{model}/policy", $"api/models/{model}/history", "api/uploads/rejected" })
        {
            var (status, _, _) = await SendAsync("GET", path, TestTokens.Mint("reader@example.com"));
            Assert.True(status == HttpStatusCode.OK, $"GET {path}: {status}");
        }

        var history = (await new ApiClient(reader).GetJsonAsync($"api/models/{model}/history")).AsArray();
        Assert.Equal("olga@example.com", history[0]!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approve_ApproverTokenAndForgedNameHeader_Answers202AndHistoryNamesTheToken()
    {
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        using var reader = ClientWith(TestTokens.Mint("reader@example.com"));
        var api = new ApiClient(reader);
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");

        var (status, _, _) = await SendAsync(
            "POST", $"api/models/{model}/versions/v1/approve", TestTokens.Mint("ann@example.com", ["Pipeline.Approver"]), body: """{"comment": "ok"}""",
            headers: [("X-MS-CLIENT-PRINCIPAL-NAME", "mallory@example.com")]);

        Assert.Equal(HttpStatusCode.Accepted, status);
        await api.WaitForStateAsync(model, "v1", "Production/");
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        Assert.Equal("ann@example.com", history[0]!["actor"]!.GetValue<string>());
        Assert.DoesNotContain(history, h => h!["actor"]!.GetValue<string>() == "mallory@example.com");
    }

    [Theory]
    [InlineData("X-MS-CLIENT-PRINCIPAL-NAME", "mallory@example.com")]
    [InlineData("X-MS-CLIENT-PRINCIPAL", "eyJjbGFpbXMiOlt7InR5cCI6Im9pZCIsInZhbCI6IjEifSx7InR5cCI6InJvbGVzIiwidmFsIjoiUGlwZWxpbmUuT3BlcmF0b3IifV19")]
    [InlineData("X-Pipeline-Roles", "Pipeline.Operator")]
    public async Task Cleanup_ForgedIdentityHeaderWithoutToken_Answers401(string header, string value)
    {
        var (status, _, _) = await SendAsync("POST", "api/cleanup/runs", token: null, headers: [(header, value)]);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Cleanup_OperatorToken_Answers200()
    {
        var (status, _, body) = await SendAsync("POST", "api/cleanup/runs", TestTokens.Mint("otto@example.com", ["Pipeline.Operator"]));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body!["archivedExamined"]);
    }

    private HttpClient ClientWith(string token)
    {
        var client = runtime.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<(HttpStatusCode Status, HttpResponseMessage Response, JsonNode? Body)> SendAsync(
        string method, string path, string? token, string? body = null, (string Name, string Value)[]? headers = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.Add(name, value);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await runtime.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response, string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text));
    }
}
