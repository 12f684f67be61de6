using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Core.Access;
using static Pipeline.Api.Http.OpenApi.OpenApiComponents;

namespace Pipeline.Api.Http.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 document of the API from what the hosts serve: paths from <see cref="ApiRoutes"/>,
/// operations from <see cref="ApiOperations"/>, body schemas generated from the contract types
/// (<see cref="ContractSchemas"/>), the role each operation needs from <see cref="AccessRules"/>.
/// </summary>
internal static partial class OpenApiDocument
{
    /// <summary>The OpenAPI version the document follows.</summary>
    public const string Version = "3.1.1";

    private const string SecurityScheme = "bearer";

    /// <summary>Builds the document.</summary>
    public static JsonObject Build()
    {
        var schemas = new ContractSchemas();
        var paths = new JsonObject();
        foreach (var route in ApiOperations.All.GroupBy(o => o.Route))
        {
            var item = new JsonObject();
            var names = PathNames(route.Key);
            if (names.Count > 0)
            {
                item["parameters"] = new JsonArray([.. names.Select(PathParameter)]);
            }

            foreach (var operation in route)
            {
                item.Add(operation.Method, Operation(operation, names.Count > 0, schemas));
            }

            paths.Add(PathOf(route.Key), item);
        }

        return new JsonObject
        {
            ["openapi"] = Version,
            ["info"] = new JsonObject
            {
                ["title"] = "Model Pipeline API",
                ["version"] = typeof(OpenApiDocument).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.0.0",
                ["description"] =
                    "Registers, tests, approves and serves model versions. JSON is camelCase; stages and statuses are their names; every error is an " +
                    "RFC 9457 `application/problem+json` document. Every route but health, this document and the approver's page needs a verified caller " +
                    "(401 before anything else is checked), and an operation that needs a role answers 403 naming it (`x-required-role`). Every POST takes an " +
                    "`Idempotency-Key`: the same key again answers the first response (marked `Idempotent-Replayed: true`) and changes nothing.",
            },
            ["security"] = new JsonArray(new JsonObject { [SecurityScheme] = new JsonArray() }),
            ["tags"] = new JsonArray([.. ApiOperations.All.Select(o => o.Tag).Distinct().Select(t => new JsonObject { ["name"] = t })]),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas.Components(WrittenSchemas(schemas)),
                ["responses"] = Problems(),
                ["parameters"] = Parameters(),
                ["headers"] = Headers(),
                ["securitySchemes"] = new JsonObject
                {
                    [SecurityScheme] = new JsonObject
                    {
                        ["type"] = "http",
                        ["scheme"] = "bearer",
                        ["bearerFormat"] = "JWT",
                        ["description"] =
                            "An Entra ID access token for the app registration, whose `roles` claim holds the caller's app roles " +
                            $"({string.Join(", ", PipelineRoles.All.Order().Select(PipelineRoles.ClaimValue))}). In Azure, App Service " +
                            "Authentication takes the token (or its own session cookie, after a sign-in at `/.auth/login/aad`) and passes the caller on " +
                            "in `X-MS-CLIENT-PRINCIPAL`, which it strips from what clients send. The local runtime's Development provider believes " +
                            "`X-MS-CLIENT-PRINCIPAL-NAME` instead.",
                    },
                },
            },
        };
    }

    /// <summary>The document's path for a route template: the prefix, and each parameter by its name alone (no constraint, no catch-all star).</summary>
    public static string PathOf(string route) => $"/{ApiRoutes.Prefix}/" + RouteParameter().Replace(route, m => "{" + m.Groups["name"].Value + "}");

    private static JsonObject Operation(ApiOperation operation, bool hasPathNames, ContractSchemas schemas)
    {
        var post = operation.Method == "post";
        var node = new JsonObject
        {
            ["tags"] = new JsonArray(operation.Tag),
            ["summary"] = operation.Summary,
            ["operationId"] = operation.OperationId,
        };
        var role = operation.Action is { } action ? AccessRules.RequiredRole(action) : null;
        var description = operation.Description ?? string.Empty;
        if (role is { } needed)
        {
            description += $" Needs the role `{PipelineRoles.ClaimValue(needed)}`.";
        }

        node["description"] = description.Trim();
        var parameters = new JsonArray([.. operation.Query.Select(q => QueryParameter(q, schemas))]);
        if (post)
        {
            parameters.Add(Reference("parameters", "IdempotencyKey"));
        }

        if (parameters.Count > 0)
        {
            node["parameters"] = parameters;
        }

        if (operation.Body is { } body)
        {
            node["requestBody"] = new JsonObject
            {
                ["description"] = body.Description,
                ["required"] = body.Required,
                ["content"] = Content(body, schemas, request: true),
            };
        }

        var responses = new JsonObject { [Status(operation.SuccessStatus)] = Success(operation, post, schemas) };
        if (operation.Revalidates)
        {
            responses["304"] = new JsonObject { ["description"] = "Not modified: the `If-None-Match` sent names the current `ETag`." };
        }

        var problems = new SortedSet<int>(operation.Problems);
        if (operation.Action is not null)
        {
            problems.UnionWith([401, 503]);
        }

        if (role is not null)
        {
            problems.Add(403);
        }

        if (hasPathNames)
        {
            problems.Add(400);
        }

        if (post)
        {
            // The Idempotency-Key's own answers: malformed, its first request still running, body too large to bind, sent with another request.
            problems.UnionWith([400, 409, 413, 422]);
        }

        foreach (var status in problems)
        {
            responses[Status(status)] = Reference("responses", ProblemResponses[status].Name);
        }

        node["responses"] = responses;
        if (operation.Action is null)
        {
            node["security"] = new JsonArray();
        }
        else if (role is { } required)
        {
            node["x-required-role"] = PipelineRoles.ClaimValue(required);
        }

        return node;
    }

    private static JsonObject Success(ApiOperation operation, bool post, ContractSchemas schemas)
    {
        var response = new JsonObject { ["description"] = operation.Success.Description };
        var headers = new JsonObject();
        if (operation.Revalidates)
        {
            headers["ETag"] = Reference("headers", "ETag");
        }

        if (operation.Locates)
        {
            headers["Location"] = Reference("headers", "Location");
        }

        if (operation.Pages)
        {
            headers["Link"] = Reference("headers", "Link");
        }

        if (post)
        {
            headers["Idempotent-Replayed"] = Reference("headers", "IdempotentReplayed");
        }

        if (headers.Count > 0)
        {
            response["headers"] = headers;
        }

        response["content"] = Content(operation.Success, schemas, request: false);
        return response;
    }

    private static JsonObject Content(ApiBody body, ContractSchemas schemas, bool request)
    {
        JsonNode schema = (body.Type, body.Component) switch
        {
            ({ } type, null) => request ? schemas.Request(type) : schemas.Response(type),
            (null, { } component) => Reference("schemas", component),
            (null, null) => new JsonObject { ["type"] = "string" },
            _ => throw new InvalidOperationException($"A body is described by a type or by a component, not both ({body.Description})."),
        };
        return new JsonObject { [body.MediaType] = new JsonObject { ["schema"] = schema } };
    }

    private static JsonObject QueryParameter(ApiQueryParameter query, ContractSchemas schemas) => new()
    {
        ["name"] = query.Name,
        ["in"] = "query",
        ["description"] = query.Description,
        ["required"] = false,
        ["schema"] = (query.Type, query.Schema) switch
        {
            ({ } type, null) => schemas.Response(type),
            (null, { } written) => JsonNode.Parse(written),
            _ => throw new InvalidOperationException($"Query parameter '{query.Name}' is described by a type or by a schema, not both."),
        },
    };

    private static JsonNode PathParameter(string name) => PathParameters.ContainsKey(name)
        ? Reference("parameters", name)
        : new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } };

    private static List<string> PathNames(string route) => [.. RouteParameter().Matches(route).Select(m => m.Groups["name"].Value)];

    private static string Status(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // A route parameter: {name}, {*name}, {name:constraint}, {name?}, {name=default}.
    [GeneratedRegex(@"\{\**(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
