using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Pipeline.Api.Http;
using Pipeline.Api.Identity;
using Pipeline.Functions.Http;
using Pipeline.Testing;

namespace Pipeline.Functions.Tests;

/// <summary>
/// GET /api/openapi.json: both hosts serve it without identity, it names exactly the routes both hosts serve, it is
/// a valid OpenAPI 3.1 document by the OpenAPI Initiative's own schema, every reference in it resolves, and what the
/// API answers matches the schemas it gives. The runtime runs under EasyAuth, so that an anonymous call is refused
/// wherever the document says identity is needed.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class OpenApiTests(AzuriteFixture azurite, SharedPipelineRuntime shared) : IClassFixture<SharedPipelineRuntime>, IAsyncLifetime
{
    private const string DocumentPath = "api/openapi.json";

    // The operation keys of a path item (OpenAPI 3.1, 4.8.9).
    private static readonly string[] OperationKeys = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private static readonly Lazy<JsonSchema> Oas31Schema = new(() =>
    {
        using var stream = typeof(OpenApiTests).Assembly.GetManifestResourceStream("oas-3.1-schema-2022-10-07.json")
            ?? throw new InvalidOperationException("The vendored OAS 3.1 schema is not embedded in the test assembly.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd());
    });

    private PipelineRuntime runtime = null!;

    public async Task InitializeAsync() => runtime = await shared.StartOnceAsync(azurite, ["--Auth:Provider=EasyAuth"]);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task OpenApi_BothHosts_ServeTheSameDocumentWithoutIdentity()
    {
        var calls = new FunctionCalls(runtime);

        using var local = await runtime.Http.GetAsync(DocumentPath);
        var functions = await calls.InvokeAsync(Task.FromResult(new OpenApiHttpFunction(runtime.Get<OpenApiApi>()).GetOpenApiDocument(calls.NewRequest("GET"))));
        using var guarded = await runtime.Http.GetAsync("api/models");

        Assert.Equal(HttpStatusCode.Unauthorized, guarded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Equal("application/json", local.Content.Headers.ContentType?.MediaType);
        var document = JsonNode.Parse(await local.Content.ReadAsStringAsync())!;
        Assert.Matches(@"^3\.1\.\d+$", document["openapi"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, functions.Status);
        Assert.Equal("application/json", functions.Response.ContentType);
        Assert.Equal(document.ToJsonString(), functions.Body!.ToJsonString());
    }

    [Fact]
    public async Task OpenApi_Paths_AreExactlyTheRoutesBothHostsServe()
    {
        var documented = Operations(await DocumentAsync()).Select(o => (o.Method, o.Path)).ToHashSet();

        foreach (var (host, table) in new[] { ("local runtime", RouteTableTests.LocalRoutes(runtime)), ("Functions app", RouteTableTests.FunctionsRoutes()) })
        {
            var served = table.Where(r => IsDocumented(r.Template)).Select(r => (r.Method, Path: PathOf(r.Template))).ToHashSet();
            Assert.NotEmpty(served);
            Assert.True(served.SetEquals(documented),
                $"Served by the {host} but not in the document: {string.Join(", ", served.Except(documented))}. " +
                $"In the document but not served: {string.Join(", ", documented.Except(served))}.");
        }
    }

    [Fact]
    public async Task OpenApi_Document_IsValidByTheOas31Schema()
    {
        var document = await DocumentAsync();

        var errors = SchemaErrors(Oas31Schema.Value, document);

        Assert.True(errors.Count == 0, "The document is not valid OpenAPI 3.1:\n" + string.Join("\n", errors));
        // The schema and validator do refuse a document that is not OpenAPI 3.1, so the pass above means something.
        var broken = document.DeepClone().AsObject();
        broken.Remove("info");
        broken["paths"]!["/api/health"]!["get"]!["responses"] = "none";
        Assert.NotEmpty(SchemaErrors(Oas31Schema.Value, broken));
    }

    [Fact]
    public async Task OpenApi_EveryReference_Resolves()
    {
        var document = await DocumentAsync();

        var references = References(document).ToList();

        Assert.NotEmpty(references);
        var unresolved = references.Where(r => Resolve(document, r) is null).Distinct().ToList();
        Assert.True(unresolved.Count == 0, "References that resolve to nothing: " + string.Join(", ", unresolved));
        // The check sees a reference that goes nowhere.
        Assert.Null(Resolve(document, "#/components/schemas/NoSuchSchema"));
    }

    [Fact]
    public async Task OpenApi_EveryOperation_HasAnIdASummaryAndADescribedSuccess()
    {
        var operations = Operations(await DocumentAsync()).ToList();

        Assert.Equal(operations.Count, operations.Select(o => o.Node["operationId"]?.GetValue<string>()).Distinct().Count());
        foreach (var (method, path, node) in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace(node["operationId"]?.GetValue<string>()), $"{method} {path} has no operationId.");
            Assert.False(string.IsNullOrWhiteSpace(node["summary"]?.GetValue<string>()), $"{method} {path} has no summary.");
            var success = node["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')).ToList();
            Assert.True(success.Count == 1, $"{method} {path} has {success.Count} success responses.");
            var content = success[0].Value!["content"]?.AsObject();
            Assert.True(content is { Count: > 0 } && content.All(c => c.Value!["schema"] is not null), $"{method} {path}'s success has no content schema.");
            if (method is "POST")
            {
                Assert.Contains(node["parameters"]!.AsArray(), p => p!["$ref"]?.GetValue<string>() == "#/components/parameters/IdempotencyKey");
            }
        }
    }

    [Fact]
    public async Task OpenApi_Security_IsWhatEachRouteAsksOfAnAnonymousCaller()
    {
        var document = await DocumentAsync();
        var anonymous = new List<string>();

        foreach (var (method, path, node) in Operations(document))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(path));
            if (method is "POST" or "PUT")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            using var response = await runtime.Http.SendAsync(request);
            var open = node["security"] is JsonArray { Count: 0 };
            if (open)
            {
                anonymous.Add($"{method} {path}");
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path} needs no identity by the document, but answers {(int)response.StatusCode} without one.");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} needs identity by the document, but answers {(int)response.StatusCode} without one.");
            }
        }

        Assert.Contains($"GET /{DocumentPath}", anonymous);
        Assert.Contains("GET /api/health", anonymous);
    }

    [Fact]
    public async Task OpenApi_ContractSchemas_HaveEveryMemberTheApiWrites()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!.AsObject();
        // The API's own contract records that the document names (routes it does not describe, such as the MLflow ones,
        // may have records of their own).
        var contracts = typeof(ApiJson).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == typeof(ApiJson).Namespace && schemas.ContainsKey(t.Name))
            .ToList();

        Assert.Contains(typeof(VersionResponse), contracts);
        Assert.Contains(typeof(RollbackRequest), contracts);
        foreach (var type in contracts)
        {
            var written = ApiJson.Options.GetTypeInfo(type).Properties.Select(p => p.Name).Order(StringComparer.Ordinal);
            var described = schemas[type.Name]!["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
            Assert.Equal(written, described);
        }
    }

    [Fact]
    public async Task OpenApi_Answers_MatchTheirDocumentedSchemas()
    {
        var document = await DocumentAsync();
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        using var reader = runtime.NewClient((IdentityHeaders.Principal, EasyAuthDocuments.For("reader@example.com")));
        await new ApiClient(reader).WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        using var approver = runtime.NewClient((IdentityHeaders.Principal, EasyAuthDocuments.For("ann@example.com", ["Pipeline.Approver"])));

        var answers = new List<(string Method, string Template, HttpResponseMessage Response)>
        {
            ("GET", "/api/models", await reader.GetAsync("api/models")),
            ("GET", "/api/models/{model}", await reader.GetAsync($"api/models/{model}")),
            ("GET", "/api/models/{model}/versions/{version}", await reader.GetAsync($"api/models/{model}/versions/v1")),
            ("GET", "/api/models/{model}/versions/{version}/report", await reader.GetAsync($"api/models/{model}/versions/v1/report")),
            ("GET", "/api/approvals", await reader.GetAsync("api/approvals?status=pending")),
            ("GET", "/api/approvals", await reader.GetAsync("api/approvals?status=everything")),
            ("POST", "/api/models/{model}/versions/{version}/approve", await approver.PostAsync($"api/models/{model}/versions/v1/approve", JsonBody("""{"comment": "as documented"}"""))),
        };
        await new ApiClient(reader).WaitForStateAsync(model, "v1", "Production/");
        answers.Add(("GET", "/api/models/{model}/production", await reader.GetAsync($"api/models/{model}/production")));
        answers.Add(("GET", "/api/models/{model}/history", await reader.GetAsync($"api/models/{model}/history")));
        answers.Add(("GET", "/api/models/{model}", await reader.GetAsync("api/models/no-such-model")));
        answers.Add(("POST", "/api/models/{model}/versions/{version}/reject", await approver.PostAsync($"api/models/{model}/versions/v1/reject", JsonBody("{}"))));
        answers.Add(("GET", "/api/health", await runtime.Http.GetAsync("api/health")));

        foreach (var (method, template, response) in answers)
        {
            using (response)
            {
                var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var documented = document["paths"]![template]![method.ToLowerInvariant()]!["responses"]![status];
                Assert.True(documented is not null, $"{method} {template} answered {status}, which the document does not list.");
                if (documented["$ref"] is { } reference)
                {
                    documented = Resolve(document, reference.GetValue<string>())!;
                }

                var mediaType = response.Content.Headers.ContentType!.MediaType!;
                var schema = documented["content"]![mediaType]?["schema"];
                Assert.True(schema is not null, $"{method} {template} answered {status} as {mediaType}, which the document does not give for it.");
                var errors = SchemaErrors(SchemaFor(document, schema), JsonNode.Parse(await response.Content.ReadAsStringAsync()));
                Assert.True(errors.Count == 0, $"{method} {template} answered {status} unlike its schema:\n" + string.Join("\n", errors));
            }
        }
    }

    private async Task<JsonNode> DocumentAsync()
    {
        using var response = await runtime.Http.GetAsync(DocumentPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    // Not operations of this document: the catch-all 404 route, and the MLflow-compatible routes, which follow MLflow's
    // own REST API.
    private static bool IsDocumented(string template) =>
        template != $"{ApiRoutes.Prefix}/{ApiRoutes.Unmatched}"
        && !template.StartsWith($"{ApiRoutes.Prefix}/2.0/mlflow/", StringComparison.Ordinal);

    // A route template as an OpenAPI path: a leading slash, and each parameter by its name alone.
    private static string PathOf(string template) => "/" + RouteParameter().Replace(template, m => "{" + m.Groups["name"].Value + "}");

    private static IEnumerable<(string Method, string Path, JsonObject Node)> Operations(JsonNode document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        where OperationKeys.Contains(operation.Key)
        select (operation.Key.ToUpperInvariant(), path.Key, operation.Value!.AsObject());

    private static string Concrete(string path) => path.TrimStart('/')
        .Replace("{model}", "openapi-probe", StringComparison.Ordinal)
        .Replace("{version}", "v1", StringComparison.Ordinal);

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v ? [v.GetValue<string>()] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    // A local reference, "#/a/b~1c", resolved by JSON Pointer (RFC 6901) in the document; null when it goes nowhere.
    private static JsonNode? Resolve(JsonNode document, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        JsonNode? node = document;
        foreach (var token in reference[2..].Split('/').Select(t => Uri.UnescapeDataString(t).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
        {
            node = node switch
            {
                JsonObject o => o[token],
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    // A schema of the document as a JSON Schema of its own: the document's schemas become its $defs.
    private static JsonSchema SchemaFor(JsonNode document, JsonNode schema)
    {
        const string From = "#/components/schemas/";
        var wrapper = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = document["components"]!["schemas"]!.DeepClone(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        };
        return JsonSchema.FromText(wrapper.ToJsonString().Replace($"\"{From}", "\"#/$defs/", StringComparison.Ordinal));
    }

    // Failures inside an "if" only choose a branch; they are left out of the list.
    private static List<string> SchemaErrors(JsonSchema schema, JsonNode? instance)
    {
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return results.IsValid
            ? []
            : [.. results.Details.Prepend(results).Where(d => d.HasErrors && !d.EvaluationPath.ToString().EndsWith("/if", StringComparison.Ordinal)).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))];
    }

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    [GeneratedRegex(@"\{\**(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
