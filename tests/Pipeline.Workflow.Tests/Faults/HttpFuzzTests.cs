using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Api.Http;
using Pipeline.Api.Mlflow;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Workflow.Tests.Faults;

/// <summary>
/// A seeded fuzz of the HTTP API (the pipeline's routes and MLflow's) on the local runtime under the Jwt provider, holding
/// real models: hostile paths, queries, bodies and headers, valid and invalid tokens. No answer may be a 5xx; every
/// refusal has the shape its API promises; no invalid token gets a 2xx; and the real models end as they began.
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "Faults")]
public sealed class HttpFuzzTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int DefaultSeed = 20261201;
    private const int DefaultRequests = 5_000;
    private const int Parallelism = 4;

    [Fact]
    public async Task Fuzz_SeededHostileRequests_NoServerErrorRightShapesAndRealModelsUnchanged()
    {
        var seed = EnvInt("PIPELINE_FUZZ_SEED", DefaultSeed);
        var count = EnvInt("PIPELINE_FUZZ_REQUESTS", DefaultRequests);
        await using var runtime = await PipelineRuntime.StartAsync(azurite, extraArgs: TestTokens.JwtSettings);
        using var reader = runtime.NewClient(("Authorization", "Bearer " + TestTokens.Mint("rita@example.com")));
        var served = TestUploads.NewModelName("fz-prod");
        var waiting = TestUploads.NewModelName("fz-wait");
        await HoldRealModelsAsync(runtime, new ApiClient(reader), served, waiting);
        var before = await SnapshotAsync(reader, [served, waiting]);
        var namesBefore = await ModelNamesAsync(reader);

        var fuzzer = new HttpFuzzer(seed, [served, waiting], [.. runtime.Get<MlflowApi>().Operations]);
        var requests = Enumerable.Range(0, count).Select(_ => fuzzer.Next()).ToList();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = runtime.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        var clock = Stopwatch.StartNew();
        var outcomes = new FuzzOutcome[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, ct) =>
            outcomes[i] = await SendAsync(http, requests[i]));
        clock.Stop();
        var after = await SnapshotAsync(reader, [served, waiting]);
        // A model the fuzz named that exists now and did not before was created by it. Other models of this Azurite are
        // other tests' (whose leftovers may still move on), which no request of the fuzz names.
        var created = (await ModelNamesAsync(reader)).Except(namesBefore).Where(name => requests.Any(r => r.Names(name))).ToList();

        var statuses = outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key,5} {g.Count(),6}").ToList();
        var serverErrors = outcomes.Count(o => o.Status >= 500);
        var failures = outcomes.Where(o => o.Failure is not null).ToList();
        Report($"HTTP fuzz: seed {seed} (PIPELINE_FUZZ_SEED), {count} requests (PIPELINE_FUZZ_REQUESTS), {clock.Elapsed.TotalSeconds:F1} s, {serverErrors} answered 5xx");
        Report($"real models: {before.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length} snapshot documents, {(before == after ? "identical" : "CHANGED")} after the fuzz");
        Report("status  count (0 = no answer in time)");
        statuses.ForEach(Report);
        Report($"of the 400s, {outcomes.Count(o => o.RefusedByKestrel)} bare ones from Kestrel (a path decoding to NUL, refused before the app)");
        foreach (var failure in failures.GroupBy(f => f.Failure).Take(20))
        {
            Report($"{failure.Count(),5} x {failure.Key} e.g. {failure.First().Request}");
        }

        Assert.Equal(0, serverErrors);
        Assert.Empty(failures.Select(f => $"{f.Failure}: {f.Request}").Distinct().Take(20));
        Assert.Empty(created);
        Assert.Equal(before, after);
    }

    private async Task HoldRealModelsAsync(PipelineRuntime runtime, ApiClient api, string served, string waiting)
    {
        await TestUploads.UploadAsync(azurite.Blobs, $"{served}/v1/model.onnx", TestUploads.SampleModelBytes(seed: 31));
        await TestUploads.UploadAsync(azurite.Blobs, $"{waiting}/v1/model.onnx", TestUploads.SampleModelBytes(seed: 32));
        await api.WaitForStateAsync(served, "v1", "Staging/AwaitingApproval", TimeSpan.FromSeconds(60));
        using var approver = runtime.NewClient(("Authorization", "Bearer " + TestTokens.Mint("walter@example.com", ["Pipeline.Approver"])));
        var (status, _, body) = await new ApiClient(approver).PostAsync($"api/models/{served}/versions/v1/approve", "{}");
        Assert.True(status == HttpStatusCode.Accepted, $"approve answered {status}: {body}");
        await api.WaitForStateAsync(served, "v1", "Production/", TimeSpan.FromSeconds(60));
        await api.WaitForStateAsync(waiting, "v1", "Staging/AwaitingApproval", TimeSpan.FromSeconds(60));
    }

    // The names of every model, read page by page.
    private static async Task<HashSet<string>> ModelNamesAsync(HttpClient reader)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? path = "api/models?limit=1000";
        while (path is not null)
        {
            using var response = await reader.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            names.UnionWith(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(m => m!["model"]!.GetValue<string>()));
            // Link: </api/models?limit=1000&continuationToken=…>; rel="next"
            path = response.Headers.TryGetValues("Link", out var links) && links.First() is var link && link.Contains("rel=\"next\"", StringComparison.Ordinal)
                ? link[(link.IndexOf("</", StringComparison.Ordinal) + 2)..link.IndexOf('>', StringComparison.Ordinal)]
                : null;
        }

        return names;
    }

    // The fuzz's own models, their state and history as the API shows them and their entries in the models list, without
    // what changes by itself (a workflow's lastUpdatedAt, trace ids).
    private static async Task<string> SnapshotAsync(HttpClient reader, IReadOnlyList<string> own)
    {
        var api = new ApiClient(reader);
        var snapshot = new StringBuilder();
        var listed = (await api.GetJsonAsync("api/models?limit=1000")).AsArray().Where(m => own.Contains(m!["model"]!.GetValue<string>())).ToList();
        snapshot.AppendLine(Stable(new JsonArray([.. listed.Select(m => m!.DeepClone())])));
        foreach (var name in own.Order(StringComparer.Ordinal))
        {
            var model = await api.GetJsonAsync($"api/models/{name}");
            snapshot.AppendLine(Stable(model));
            snapshot.AppendLine(Stable(await api.GetJsonAsync($"api/models/{name}/history")));
            foreach (var version in model["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()))
            {
                snapshot.AppendLine(Stable(await api.GetJsonAsync($"api/models/{name}/versions/{version}")));
            }
        }

        return snapshot.ToString();
    }

    private static string Stable(JsonNode node)
    {
        Strip(node);
        return node.ToJsonString();

        static void Strip(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var volatileField in new[] { "lastUpdatedAt", "traceId" })
                    {
                        o.Remove(volatileField);
                    }

                    foreach (var (_, child) in o)
                    {
                        Strip(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Strip(child);
                    }

                    break;
            }
        }
    }

    private static async Task<FuzzOutcome> SendAsync(HttpClient http, FuzzRequest fuzz)
    {
        using var request = fuzz.ToMessage(http.BaseAddress!);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var status = (int)response.StatusCode;
            var contentType = response.Content.Headers.ContentType?.MediaType;
            var body = await response.Content.ReadAsStringAsync();
            return new FuzzOutcome(fuzz, status, Judge(fuzz, status, contentType, body), contentType is null && body.Length == 0 && status == 400);
        }
        catch (TaskCanceledException)
        {
            return new FuzzOutcome(fuzz, 0, "no answer within 20 s (a hang)", false);
        }
        catch (HttpRequestException e)
        {
            return new FuzzOutcome(fuzz, 0, $"connection failed: {e.Message}", false);
        }
    }

    // Which promise of the API an answer breaks, or null.
    private static string? Judge(FuzzRequest fuzz, int status, string? contentType, string body)
    {
        if (status >= 500)
        {
            return $"{status} server error";
        }

        if (!fuzz.Token.Valid && status is >= 200 and < 300 && !fuzz.Anonymous)
        {
            return $"{status} to an invalid token ({fuzz.Token.Name})";
        }

        // A path that decodes to a NUL is not a valid request target: Kestrel refuses it with a bare 400 before any
        // application code runs (in Azure, the front end answers it). It must still be a 400, never a 5xx or a hang.
        if (fuzz.Path.Contains("%00", StringComparison.Ordinal) && status == 400 && contentType is null && body.Length == 0)
        {
            return null;
        }

        var hasBody = fuzz.Method != "HEAD";
        if (fuzz.Mlflow && status != 200)
        {
            if (contentType != "application/json")
            {
                return $"MLflow {status} as {contentType ?? "no content type"}";
            }

            if (hasBody && !IsMlflowError(body))
            {
                return $"MLflow {status} without error_code and message";
            }
        }
        else if (!fuzz.Mlflow && status is >= 400 and < 500)
        {
            if (contentType != "application/problem+json")
            {
                return $"{status} as {contentType ?? "no content type"}";
            }

            if (hasBody && !IsProblem(body, status))
            {
                return $"{status} problem without status and title";
            }
        }

        return null;
    }

    private static bool IsMlflowError(string body) =>
        Parse(body) is JsonObject o && o["error_code"] is JsonValue code && code.TryGetValue<string>(out _) && o["message"] is JsonValue message && message.TryGetValue<string>(out _);

    private static bool IsProblem(string body, int status) =>
        Parse(body) is JsonObject o && o["status"] is JsonValue s && s.TryGetValue<int>(out var value) && value == status && o["title"] is JsonValue t && t.TryGetValue<string>(out _);

    private static JsonNode? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static int EnvInt(string name, int whenUnset) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : whenUnset;

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    private sealed record FuzzOutcome(FuzzRequest Request, int Status, string? Failure, bool RefusedByKestrel);
}

/// <summary>A token the fuzzer sends, and whether the runtime must accept it.</summary>
internal sealed record FuzzToken(string Name, string? Authorization, bool Valid, string? Role);

/// <summary>One request of the fuzz, as generated.</summary>
internal sealed record FuzzRequest(
    string Method, string Path, string? Query, byte[]? Body, string? ContentType, IReadOnlyList<(string Name, string Value)> Headers, FuzzToken Token, bool Mlflow, bool Anonymous)
{
    public HttpRequestMessage ToMessage(Uri baseAddress)
    {
        // Sent as built: no dot-segment removal or unescaping on the client, so `..`, %2F and %00 reach the server.
        var uri = new Uri(baseAddress.AbsoluteUri + Path + (Query is null ? string.Empty : "?" + Query), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        var message = new HttpRequestMessage(new HttpMethod(Method), uri);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        if (Token.Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", Token.Authorization);
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    /// <summary>Whether the request names <paramref name="model"/> in its path, query or body.</summary>
    public bool Names(string model) =>
        Path.Contains(model, StringComparison.Ordinal) || (Query?.Contains(model, StringComparison.Ordinal) ?? false)
        || (Body is not null && Encoding.UTF8.GetString(Body).Contains(model, StringComparison.Ordinal));

    public override string ToString() =>
        $"{Method} /{(Path.Length > 120 ? Path[..120] + "…" : Path)}{(Query is null ? string.Empty : "?" + (Query.Length > 60 ? Query[..60] + "…" : Query))} token={Token.Name} body={Body?.Length.ToString(CultureInfo.InvariantCulture) ?? "none"} B";
}

/// <summary>
/// Generates the fuzz's requests from a seed. It never sends a well-formed state-changing request with a valid role
/// at a real model: such requests (any method but GET, HEAD and OPTIONS, with a token that verifies) name a model that
/// does not exist, or one whose name breaks the naming rules where the route would create it (a policy PUT, an upload
/// intent, MLflow's registered-models/create), and POST /api/cleanup/runs goes only with tokens that may not run it.
/// Everything else, reads and every request with an invalid token, may name the real models.
/// </summary>
internal sealed class HttpFuzzer
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    private static readonly string[] Safe = ["GET", "HEAD", "OPTIONS"];
    private static readonly string[] Roles = ["Pipeline.Uploader", "Pipeline.Approver", "Pipeline.Operator", "Pipeline.Owner"];

    // Route templates with the method each serves; {model} and {version} are filled in per request.
    private static readonly (string Method, string Template)[] PipelineRoutes =
    [
        ("GET", ApiRoutes.Health), ("GET", ApiRoutes.OpenApi), ("GET", ApiRoutes.Models), ("GET", ApiRoutes.Model),
        ("GET", ApiRoutes.Production), ("GET", ApiRoutes.Policy), ("PUT", ApiRoutes.Policy), ("POST", ApiRoutes.Rollback),
        ("GET", ApiRoutes.History), ("GET", ApiRoutes.Version), ("GET", ApiRoutes.Report), ("POST", ApiRoutes.Approve),
        ("POST", ApiRoutes.Reject), ("POST", ApiRoutes.Retest), ("POST", ApiRoutes.UploadIntents), ("POST", ApiRoutes.Uploads), ("GET", ApiRoutes.RejectedUploads),
        ("GET", ApiRoutes.Events), ("POST", ApiRoutes.CleanupRuns), ("GET", ApiRoutes.Approvals), ("GET", ApiRoutes.Ui),
        ("GET", ApiRoutes.UiScript), ("GET", ApiRoutes.UiStyles), ("GET", ApiRoutes.UiIcon), ("GET", "nothing/here"),
    ];

    private static readonly string[] AnonymousPaths =
        [.. new[] { ApiRoutes.Health, ApiRoutes.OpenApi, ApiRoutes.Ui, ApiRoutes.UiScript, ApiRoutes.UiStyles, ApiRoutes.UiIcon }.Select(r => $"{ApiRoutes.Prefix}/{r}")];

    private static readonly string[] HostileSegments =
    [
        "..", ".", "%2E%2E", "a%2Fb", "%2F", "x%00y", "%00", "x.json", "v1.json", "model.", "Bad", "UPPER", "é-model", "%C3%A9", "模型", "%F0%9F%98%80",
        "%FF%FE", "%C0%AF", "a%0Ab", "%0D%0A", "%1B", "%7F", "a%20b", "%25", "%", "%zz", "-", "a--b", "_", "~", "'", "%27%20OR%201%3D1", "%3Cscript%3E",
        new string('a', 1024), new string('m', 64), "v" + new string('9', 40), "0", "-1", "2147483648", "1e3", "null", "undefined", "latest", "champion",
    ];

    private static readonly string[] HostileValues =
    [
        "", "%00", "%FF", "x", "-1", "0", "1e99", "99999999999999999999", "2026-13-45T99:00:00Z", "2026-11-20T10:00:00Z", "now", "pending", "PENDING",
        "delivered", "failed", "%27", "name%20%3D%20%27x%27", "name%20LIKE%20%27%25%27", "tag.%60a.b%60%20!%3D%20%27x%27", "version_number%20%3D%20abc",
        "((((", "name%20%3D", "AND%20AND", new string('z', 1024), "%E2%80%AE", "a%0Ab", "eyJub3QiOiJhIHRva2VuIn0", "%2E%2E%2F%2E%2E",
    ];

    private static readonly string[] QueryNames = ["at", "limit", "status", "model", "filter", "page_token", "max_results", "name", "version", "alias", "stages", "x"];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=latin1", "text/plain", "text/html", "application/xml",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/problem+json", "*/*", ";;;", "application/json; charset=",
    ];

    private static readonly string[] Accepts =
        ["text/html", "application/json", "application/problem+json", "*/*", "text/plain", "application/xml", "text/html, application/xhtml+xml, */*;q=0.8", ";q=x"];

    private static readonly string[] IdempotencyKeys =
        ["", " ", "k", "\"quoted\"", new string('k', 256), new string('k', 255), "%D0%BA", "a\tb", "key with spaces", "%00", "../../etc", "{}", "k1", "k1"];

    private readonly Random random;
    private readonly IReadOnlyList<string> realModels;
    private readonly IReadOnlyList<(string Method, string Path)> mlflowOperations;
    private readonly IReadOnlyList<FuzzToken> tokens;
    private int ghosts;

    public HttpFuzzer(int seed, IReadOnlyList<string> realModels, IReadOnlyList<string> mlflowOperations)
    {
        random = new Random(seed);
        this.realModels = realModels;
        this.mlflowOperations = [.. mlflowOperations.Order(StringComparer.Ordinal).Select(o => (o.Split(' ')[0], o.Split(' ')[1]))];
        List<FuzzToken> all =
        [
            new("none", null, false, null),
            new("expired", Bearer(TestTokens.Mint("eve@example.com", Roles, expiresIn: TimeSpan.FromMinutes(-10))), false, null),
            new("other-key", Bearer(TestTokens.Mint("eve@example.com", Roles, key: TestTokens.OtherKey)), false, null),
            new("other-audience", Bearer(TestTokens.Mint("eve@example.com", Roles, audience: "api://someone-else")), false, null),
            new("other-issuer", Bearer(TestTokens.Mint("eve@example.com", Roles, issuer: "https://evil.example")), false, null),
            new("unsigned", Bearer(TestTokens.Mint("eve@example.com", Roles, signed: false)), false, null),
            new("garbage", "Bearer not.a.token", false, null),
            new("empty-bearer", "Bearer ", false, null),
            new("basic", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:admin")), false, null),
            new("huge", Bearer(new string('A', 9000)), false, null),
        ];
        // A reader is any verified caller: a token without roles.
        all.Add(new FuzzToken("reader", Bearer(TestTokens.Mint("rita@example.com")), true, "reader"));
        all.AddRange(Roles.Select(r => new FuzzToken(r, Bearer(TestTokens.Mint($"{r.ToLowerInvariant()}@example.com", [r])), true, r)));
        all.Add(new FuzzToken("all-roles", Bearer(TestTokens.Mint("root@example.com", Roles)), true, "all"));
        tokens = all;
    }

    public FuzzRequest Next()
    {
        // Most requests verify, so that the handlers behind the gate see the hostile parts too.
        var token = random.Next(5) < 3 ? Pick(tokens.Where(t => t.Valid).ToList()) : Pick(tokens.Where(t => !t.Valid).ToList());
        var mlflow = random.Next(3) == 0;
        var (method, path, createsModel, modelInPath, cleanup) = mlflow ? MlflowTarget() : PipelineTarget();
        var stateChanging = !Safe.Contains(method);
        if (cleanup && token.Valid && stateChanging && token.Role is "Pipeline.Operator" or "all")
        {
            token = tokens.First(t => t.Role == "reader");
        }

        var guarded = stateChanging && token.Valid;
        if (modelInPath)
        {
            path = path.Replace("{model}", ModelName(guarded, createsModel), StringComparison.Ordinal).Replace("{version}", VersionName(), StringComparison.Ordinal);
        }

        path = Ascii(Mangle(path));
        var query = random.Next(3) == 0 ? Ascii(Query(guarded && mlflow, createsModel)) : null;
        var (body, contentType) = Body(guarded, createsModel);
        var served = ServedPath(path);
        return new FuzzRequest(
            method, path, query, body, contentType, Headers(), token, served.StartsWith("api/2.0/mlflow/", StringComparison.Ordinal), AnonymousPaths.Contains(served.TrimEnd('/')));
    }

    // A request line is ASCII: other characters go as their UTF-8 bytes, percent-encoded, as a client sends them.
    private static string Ascii(string text)
    {
        var ascii = new StringBuilder(text.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                ascii.Append((char)rune.Value);
                continue;
            }

            foreach (var b in bytes[..rune.EncodeToUtf8(bytes)])
            {
                ascii.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return ascii.ToString();
    }

    // The path the server routes: escaped dots decoded, then dot segments removed (RFC 3986, 5.2.4), as Kestrel does.
    private static string ServedPath(string path)
    {
        var segments = new List<string>();
        var parts = path.Replace("%2E", ".", StringComparison.OrdinalIgnoreCase).Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            switch (parts[i])
            {
                case ".":
                    if (last)
                    {
                        segments.Add(string.Empty);
                    }

                    break;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    if (last)
                    {
                        segments.Add(string.Empty);
                    }

                    break;
                default:
                    segments.Add(parts[i]);
                    break;
            }
        }

        return string.Join('/', segments);
    }

    private (string Method, string Path, bool CreatesModel, bool ModelInPath, bool Cleanup) PipelineTarget()
    {
        var (method, template) = Pick(PipelineRoutes);
        method = random.Next(2) == 0 ? method : Pick(Methods);
        var createsModel = template is ApiRoutes.Policy or ApiRoutes.UploadIntents;
        return (method, $"{ApiRoutes.Prefix}/{template}", createsModel, true, template == ApiRoutes.CleanupRuns);
    }

    private (string Method, string Path, bool CreatesModel, bool ModelInPath, bool Cleanup) MlflowTarget()
    {
        var (method, operation) = random.Next(8) == 0 ? (Pick(Methods), Pick(["registered-models/nope", "", "model-versions", "registered-models/get/extra"])) : Pick(mlflowOperations);
        method = random.Next(4) == 0 ? Pick(Methods) : method;
        return (method, $"{ApiRoutes.Prefix}/{MlflowRoutes.Root}/{operation}", operation == "registered-models/create", false, false);
    }

    // A model name: for a guarded request one that does not exist (or breaks the naming rules, where the route could create it).
    private string ModelName(bool guarded, bool createsModel)
    {
        if (guarded)
        {
            return createsModel || random.Next(2) == 0 ? Pick(HostileSegments) : Ghost();
        }

        return random.Next(3) switch
        {
            0 => Pick(realModels),
            1 => Pick(HostileSegments),
            _ => Ghost(),
        };
    }

    private string Ghost() => $"fz-ghost-{Interlocked.Increment(ref ghosts) % 7}";

    private string VersionName() => random.Next(4) switch
    {
        0 => "v1",
        1 => "1",
        2 => "v2",
        _ => Pick(HostileSegments),
    };

    // Now and then the path itself is spoiled: an empty segment, a trailing slash, a dotted last segment, dot segments.
    private string Mangle(string path) => random.Next(12) switch
    {
        0 => path + "/",
        1 => path.Replace("/", "//", StringComparison.Ordinal),
        2 => path + ".json",
        3 => path + "/../" + Pick(HostileSegments),
        4 => path + "/" + Pick(HostileSegments),
        _ => path,
    };

    private string Query(bool guardedMlflow, bool createsModel)
    {
        var parts = new List<string>();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var name = Pick(QueryNames);
            var value = name == "name" && !guardedMlflow && !createsModel && random.Next(2) == 0 ? Pick(realModels) : Pick(HostileValues);
            parts.Add(random.Next(10) == 0 ? name : $"{name}={value}");
        }

        return string.Join(random.Next(6) == 0 ? "&&" : "&", parts);
    }

    private (byte[]? Body, string? ContentType) Body(bool guarded, bool createsModel)
    {
        var kind = random.Next(13);
        byte[]? body = kind switch
        {
            0 => null,
            1 => [],
            2 => Utf8("{\"comment\": \"trunc"),
            3 => Utf8("{\"reason\": \"" + new string('r', 17 * 1024) + "\"}"),
            4 => Utf8(new string('[', 10_000) + new string(']', 10_000)),
            5 => Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)),
            6 => Utf8(Pick(["[1,2]", "42", "\"text\"", "null", "true", "{\"comment\": 5}", "{\"reason\": []}", "{\"name\": {}}", "{\"version\": -1}", "{\"expectedCurrent\": 1}", "{\"tags\": \"x\"}"])),
            7 => Utf8("{\"name\": \"" + Name(guarded, createsModel) + "\", \"name\": \"" + Name(guarded, createsModel) + "\", \"comment\": \"dup\", \"comment\": \"dup\"}"),
            8 => [0x7B, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0xC0, 0xAF, 0x22, 0x7D],
            9 => Utf8("{\"name\": \"\u0000\u202e\u0007\", \"version\": \"1\", \"comment\": \"\ud800\"}"),
            10 => Utf8(WellFormed(guarded, createsModel)),
            11 => Utf8("{\"retention\": {\"keepArchived\": \"many\"}, \"approval\": {\"requiredApprovals\": 1e308}}"),
            _ => Utf8("not json at all <html>"),
        };
        return (body, body is null ? null : Pick(ContentTypes));
    }

    // A body a handler would act on: guarded requests name only models that do not exist (or invalid names where a model could be created).
    private string WellFormed(bool guarded, bool createsModel)
    {
        var name = Name(guarded, createsModel);
        return Pick(
        [
            $$"""{"name": "{{name}}", "version": "1", "stage": "Production", "archive_existing_versions": true}""",
            $$"""{"name": "{{name}}", "version": "1", "stage": "Staging"}""",
            $$"""{"name": "{{name}}", "alias": "blue", "version": "1"}""",
            $$"""{"name": "{{name}}", "key": "k", "value": "v"}""",
            $$"""{"name": "{{name}}", "source": "wasbs://c@a.blob.core.windows.net/x"}""",
            $$"""{"name": "{{name}}", "description": "d"}""",
            """{"comment": "ok"}""",
            """{"reason": "no"}""",
            """{"expectedCurrent": "v1", "reason": "fuzz"}""",
            """{"fileName": "model.onnx"}""",
            """{"retention": {"keepArchived": 2}}""",
        ]);
    }

    private string Name(bool guarded, bool createsModel) =>
        guarded ? (createsModel ? "Bad Name" : Ghost()) : Pick([.. realModels, Ghost(), "../etc", "Bad"]);

    private List<(string, string)> Headers()
    {
        var headers = new List<(string, string)>();
        if (random.Next(2) == 0)
        {
            headers.Add(("Accept", Pick(Accepts)));
        }

        if (random.Next(4) == 0)
        {
            // Identity headers the Jwt provider must ignore.
            headers.Add(("X-MS-CLIENT-PRINCIPAL-NAME", "root@example.com"));
            headers.Add(("X-Pipeline-Roles", string.Join(',', Roles)));
            headers.Add(("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"claims\":[{\"typ\":\"roles\",\"val\":\"Pipeline.Owner\"}]}"))));
        }

        if (random.Next(3) == 0)
        {
            headers.Add(("Idempotency-Key", Pick(IdempotencyKeys)));
        }

        return headers;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Bearer(string token) => "Bearer " + token;

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
