using System.Text.Json.Nodes;
using Pipeline.Core.Requests;
using Pipeline.Core.Staging;

namespace Pipeline.Api.Http.OpenApi;

/// <summary>
/// The parts of the OpenAPI document that operations refer to: the shared parameters, headers and problem responses,
/// and the few schemas written by hand because no contract type says them.
/// </summary>
internal static class OpenApiComponents
{
    /// <summary>The hand-written schema of the problem documents.</summary>
    public const string ProblemSchema = "ProblemDetails";

    /// <summary>The hand-written schema of a model's policy document, which the API parses and validates itself.</summary>
    public const string PolicySchema = "ModelPolicy";

    /// <summary>The hand-written schema of the stored staging report, which the API serves as stored.</summary>
    public const string ReportSchema = "StagingReport";

    /// <summary>The hand-written schema of this document.</summary>
    public const string DocumentSchema = "OpenApiDocument";

    /// <summary>Path segment names with a shared parameter, and what each names.</summary>
    public static IReadOnlyDictionary<string, string> PathParameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["model"] = "The model's name.",
        ["version"] = "The version's label.",
    };

    /// <summary>The problem responses by status: their component name and when they are answered.</summary>
    public static IReadOnlyDictionary<int, (string Name, string Description)> ProblemResponses { get; } = new SortedDictionary<int, (string Name, string Description)>
    {
        [400] = ("BadRequest", "The request is malformed: a model or version name, a query parameter, the body or the `Idempotency-Key` is invalid (`errors` lists a policy's invalid fields)."),
        [401] = ("Unauthorized", "No verified caller: the request carries no identity, or one that does not verify. Checked before anything else."),
        [403] = ("Forbidden", "The caller is known but may not do this: it lacks the role (`requiredRole`), is not listed by the model's policy (`list`), or uploaded the version (separation of duties)."),
        [404] = ("NotFound", "The model, version, production version, report or policy does not exist."),
        [409] = ("Conflict", "The state does not allow this (`currentStage`, `currentStatus`), another decision was recorded first (`decision`, `decidedBy`), the deadline passed, or a request with the same `Idempotency-Key` is still running."),
        [413] = ("ContentTooLarge", "The request body is larger than the API takes (`limitBytes`)."),
        [422] = ("UnprocessableContent", "The `Idempotency-Key` was sent before with a different request (`differs`)."),
        [503] = ("ServiceUnavailable", "Storage or the identity provider does not answer."),
    };

    /// <summary>components.parameters.</summary>
    public static JsonObject Parameters()
    {
        var parameters = new JsonObject();
        foreach (var (name, description) in PathParameters)
        {
            parameters[name] = new JsonObject
            {
                ["name"] = name,
                ["in"] = "path",
                ["required"] = true,
                ["description"] = description,
                ["schema"] = new JsonObject { ["type"] = "string" },
            };
        }

        parameters["IdempotencyKey"] = new JsonObject
        {
            ["name"] = IdempotentRequests.KeyHeader,
            ["in"] = "header",
            ["required"] = false,
            ["description"] =
                $"Makes the POST safe to send again: the same key with the same request answers the first response and changes nothing for {IdempotencyKeys.Window.TotalHours:0} hours; " +
                "with another request it is a 422, while the first still runs a 409. A key is the caller's own.",
            ["schema"] = new JsonObject
            {
                ["type"] = "string",
                ["minLength"] = 1,
                ["maxLength"] = IdempotencyKeys.MaxLength,
                ["pattern"] = "^[\\x20-\\x7E]+$",
            },
        };
        return parameters;
    }

    /// <summary>components.headers.</summary>
    public static JsonObject Headers() => new()
    {
        ["ETag"] = Header("The file's entity tag: send it back in `If-None-Match` for a 304."),
        ["Location"] = Header("The version the upload will register."),
        ["Link"] = Header("RFC 8288, only when more items follow: `<…?limit=…&continuationToken=…>; rel=\"next\"`, the address of the next page (this request's path and query with the token set)."),
        ["IdempotentReplayed"] = Header("`true` when the answer is the kept answer to an earlier request with the same `Idempotency-Key`."),
        ["WWWAuthenticate"] = Header("`Bearer`, with `error=\"invalid_token\"` when a token was refused (bearer tokens only)."),
    };

    private static JsonObject Header(string description) => new() { ["description"] = description, ["schema"] = new JsonObject { ["type"] = "string" } };

    /// <summary>components.responses: one problem response per status.</summary>
    public static JsonObject Problems()
    {
        var responses = new JsonObject();
        foreach (var (status, (name, description)) in ProblemResponses)
        {
            var response = new JsonObject { ["description"] = description };
            if (status == 401)
            {
                response["headers"] = new JsonObject { ["WWW-Authenticate"] = Reference("headers", "WWWAuthenticate") };
            }

            response["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = Reference("schemas", ProblemSchema) } };
            responses[name] = response;
        }

        return responses;
    }

    /// <summary>The schemas written by hand, for components.schemas.</summary>
    public static Dictionary<string, JsonNode> WrittenSchemas(ContractSchemas schemas)
    {
        var report = JsonNode.Parse(ReportJson)!;
        report["properties"]!["checks"]!["items"]!["properties"]!["outcome"] = schemas.Response(typeof(CheckOutcome));
        return new(StringComparer.Ordinal)
        {
            [ProblemSchema] = JsonNode.Parse(ProblemJson)!,
            [PolicySchema] = JsonNode.Parse(PolicyJson)!,
            [ReportSchema] = report,
            [DocumentSchema] = JsonNode.Parse(DocumentJson)!,
        };
    }

    private const string ProblemJson = """
        {
          "type": "object",
          "description": "An RFC 9457 problem document. Besides these members it carries the ones its problem names (for example requiredRole, currentStage, currentStatus, errors, limitBytes).",
          "properties": {
            "type": {"type": "string", "format": "uri-reference"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "instance": {"type": "string", "format": "uri-reference"},
            "traceId": {"type": "string", "description": "The request's trace id."}
          },
          "required": ["type", "title", "status", "detail"]
        }
        """;

    // The policy is parsed and validated by ModelPolicyParser, not bound to a type, so it is described, not generated.
    private const string PolicyJson = """
        {
          "type": "object",
          "description": "A model's policy, every section optional: evaluation, thresholds, maxRegression, latency, maxArtifactBytes, allowUnevaluatedFormats, retention, approval, owners, requireUploadIntent. The API validates it field by field and names every invalid one (see the README)."
        }
        """;

    // The report is served as it was stored (StagingReportDocument), not from a contract type.
    private const string ReportJson = """
        {
          "type": "object",
          "description": "A version's staging report, as stored after its round: whether it passed, and each check with what it measured.",
          "properties": {
            "model": {"type": "string"},
            "version": {"type": "string"},
            "attempt": {"type": "integer"},
            "testedAt": {"type": "string", "format": "date-time"},
            "passed": {"type": "boolean"},
            "checks": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "name": {"type": "string"},
                  "outcome": {},
                  "reason": {"type": "string"},
                  "durationMs": {"type": "number"}
                },
                "required": ["name", "outcome", "reason"]
              }
            }
          },
          "required": ["passed", "checks"]
        }
        """;

    private const string DocumentJson = """
        {"type": "object", "description": "An OpenAPI 3.1 document.", "required": ["openapi", "info"]}
        """;

    /// <summary>A reference to <paramref name="name"/> in <c>components.</c><paramref name="section"/>.</summary>
    public static JsonObject Reference(string section, string name) => new() { ["$ref"] = $"#/components/{section}/{name}" };
}
