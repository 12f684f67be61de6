using Pipeline.Core.Access;

namespace Pipeline.Api.Http.OpenApi;

/// <summary>
/// One operation of the API as the OpenAPI document describes it: a method on one of <see cref="ApiRoutes"/>,
/// what it takes and what it answers. The problems every operation of its kind can give (401 and 503 for a
/// guarded one, 403 when its action needs a role, 400 for a path with names, the <c>Idempotency-Key</c> answers
/// of a POST) are added by <see cref="OpenApiDocument"/>; <see cref="Problems"/> lists the others.
/// </summary>
internal sealed record ApiOperation(string Method, string Route, string OperationId, string Tag, string Summary)
{
    /// <summary>More than the summary says, in CommonMark.</summary>
    public string? Description { get; init; }

    /// <summary>What the caller does, which decides the role it needs; null for an operation answered without identity.</summary>
    public PipelineAction? Action { get; init; }

    /// <summary>Its query parameters.</summary>
    public IReadOnlyList<ApiQueryParameter> Query { get; init; } = [];

    /// <summary>Its request body, if it takes one.</summary>
    public ApiBody? Body { get; init; }

    /// <summary>Its answer when it succeeds.</summary>
    public required ApiBody Success { get; init; }

    /// <summary>The success status.</summary>
    public int SuccessStatus { get; init; } = 200;

    /// <summary>Statuses of the problem documents it can answer besides those of every operation of its kind.</summary>
    public IReadOnlyList<int> Problems { get; init; } = [];

    /// <summary>Whether it answers 304 to a current <c>If-None-Match</c> (the page's files).</summary>
    public bool Revalidates { get; init; }

    /// <summary>Whether its success carries a <c>Location</c> header.</summary>
    public bool Locates { get; init; }

    /// <summary>Whether it is a list read page by page (<see cref="ApiPaging"/>): its success may carry a <c>Link</c> to the next page.</summary>
    public bool Pages { get; init; }
}

/// <summary>A query parameter: its schema is the JSON Schema of <see cref="Type"/>, or <see cref="Schema"/> as written.</summary>
internal sealed record ApiQueryParameter(string Name, string Description)
{
    /// <summary>The C# type whose schema describes it.</summary>
    public Type? Type { get; init; }

    /// <summary>A schema written here, when no type says it (a format, bounds, a default).</summary>
    public string? Schema { get; init; }
}

/// <summary>
/// A request or response body: JSON of a contract <see cref="Type"/>, JSON described by a hand-written component
/// (<see cref="Component"/>, for documents the API passes through, such as a policy), or bytes of another media type.
/// </summary>
internal sealed record ApiBody(string Description, string MediaType = "application/json")
{
    /// <summary>The C# type serialized into the body.</summary>
    public Type? Type { get; init; }

    /// <summary>The name of a hand-written schema in <c>components.schemas</c>.</summary>
    public string? Component { get; init; }

    /// <summary>Whether a request must have it.</summary>
    public bool Required { get; init; }
}
