using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Pipeline.Api.Identity;
using Pipeline.Core.Access;
using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;

namespace Pipeline.Api.Http;

/// <summary>The one place domain failures become RFC 9457 problem responses.</summary>
public static class ApiProblems
{
    /// <summary>The <c>Retry-After</c> of a 503 for storage unavailable, in seconds: about one health check's time.</summary>
    public const string RetryAfterSeconds = "5";

    /// <summary>The problem response for a domain failure.</summary>
    public static IResult From(PipelineException exception) => exception switch
    {
        UnauthenticatedException e => new ProblemResult(
            Document(StatusCodes.Status401Unauthorized, "Authentication required", e.Message, []),
            e.Challenge is null ? null : (HeaderNames.WWWAuthenticate, e.Challenge)),
        SelfApprovalException e => Problem(
            StatusCodes.Status403Forbidden, "Separation of duties", e.Message, ("model", e.Model), ("version", e.Version)),
        NotListedException e => Problem(
            StatusCodes.Status403Forbidden, "Not listed by the model's policy", e.Message, ("model", e.Model), ("list", e.List)),
        AccessDeniedException e => Problem(
            StatusCodes.Status403Forbidden, "Role required", e.Message,
            ("requiredRole", PipelineRoles.ClaimValue(e.RequiredRole)), ("action", e.Action.ToString())),
        IdentityUnavailableException e => Problem(StatusCodes.Status503ServiceUnavailable, "Identity provider unavailable", e.Message),
        StorageUnavailableException e => new ProblemResult(
            Document(StatusCodes.Status503ServiceUnavailable, "Storage unavailable", e.Message, []), (HeaderNames.RetryAfter, RetryAfterSeconds)),
        InvalidNameException e => Problem(StatusCodes.Status400BadRequest, "Invalid name", e.Message, ("part", e.Part)),
        InvalidRequestException e => Problem(StatusCodes.Status400BadRequest, "Invalid request", e.Message),
        RequestTooLargeException e => Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", e.Message, ("limitBytes", e.LimitBytes)),
        ModelNotFoundException e => Problem(StatusCodes.Status404NotFound, "Model not found", e.Message, ("model", e.Model)),
        VersionNotFoundException e => Problem(StatusCodes.Status404NotFound, "Version not found", e.Message, ("model", e.Model), ("version", e.Version)),
        NoProductionVersionException e => Problem(StatusCodes.Status404NotFound, "No production version", e.Message, ("model", e.Model)),
        AliasNotFoundException e => Problem(StatusCodes.Status404NotFound, "Alias not found", e.Message, ("model", e.Model), ("alias", e.Alias)),
        TagNotFoundException e => Problem(StatusCodes.Status404NotFound, "Tag not found", e.Message, ("key", e.Key)),
        ModelExistsException e => Problem(StatusCodes.Status409Conflict, "Model exists", e.Message, ("model", e.Model)),
        StageNotSettableException e => Problem(StatusCodes.Status409Conflict, "Stage not settable", e.Message, ("model", e.Model), ("version", e.Version)),
        VersionStateConflictException e => StateConflict(e.Message, e.Current),
        Core.Policies.PolicyValidationException e => Problem(
            StatusCodes.Status400BadRequest, "Invalid policy", e.Message, ("errors", e.Errors.Select(x => new { field = x.Field, message = x.Message }).ToList())),
        NoPolicyException e => Problem(StatusCodes.Status404NotFound, "No policy", e.Message, ("model", e.Model)),
        UploadIntentHeldException e => Problem(
            StatusCodes.Status409Conflict, "Upload intent held", e.Message, ("model", e.Model), ("version", e.Version), ("expiresAt", e.ExpiresAt)),
        RollbackRefusedException e => Problem(StatusCodes.Status409Conflict, "Rollback refused", e.Message, ("model", e.Model), ("version", e.Version)),
        DecisionConflictException e => Problem(
            StatusCodes.Status409Conflict, "Already decided", e.Message,
            ("decision", e.Winner.Verb), ("decidedBy", e.Winner.Actor), ("decidedAt", e.Winner.At), ("decisionId", e.Winner.Id),
            ("currentStage", VersionStates.StageOf(e.Current).ToString()), ("currentStatus", VersionStates.StatusOf(e.Current)?.ToString())),
        ApprovalDeadlinePassedException e => Problem(
            StatusCodes.Status409Conflict, "Approval deadline passed", e.Message, ("model", e.Model), ("version", e.Version), ("deadline", e.Deadline)),
        ConcurrencyConflictException e => Problem(StatusCodes.Status409Conflict, "Concurrent change", e.Message),
        IdempotencyKeyReusedException e => Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused", e.Message, ("differs", e.Differences)),
        RequestInProgressException e => Problem(StatusCodes.Status409Conflict, "Request in progress", e.Message),
        // A race the lifecycle refused: the version moved on between the request's check and its write.
        IllegalTransitionException e => StateConflict(e.Message, e.From),
        Workflow.Decisions.WorkflowNotWaitingException e => Problem(
            StatusCodes.Status409Conflict, "Workflow not waiting", e.Message, ("instanceId", e.InstanceId), ("runtimeStatus", e.RuntimeStatus)),
        _ => Problem(StatusCodes.Status400BadRequest, "Request refused", exception.Message),
    };

    /// <summary>The 404 for a path and method no endpoint serves, the same from the catch-all route and the status pages.</summary>
    public static IResult NoEndpoint(HttpRequest request) =>
        Problem(StatusCodes.Status404NotFound, "Not found", $"No endpoint answers {request.Method} {request.Path}.");

    /// <summary>A problem response with optional extension members.</summary>
    public static IResult Problem(int status, string title, string detail, params (string Name, object? Value)[] extensions) =>
        new ProblemResult(Document(status, title, detail, extensions), null);

    private static ProblemDetails Document(int status, string title, string detail, (string Name, object? Value)[] extensions)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" };
        foreach (var (name, value) in extensions.Where(x => x.Value is not null))
        {
            problem.Extensions[name] = value;
        }

        return problem;
    }

    private static IResult StateConflict(string detail, VersionState current) => Problem(
        StatusCodes.Status409Conflict, "Version state does not allow this", detail,
        ("currentStage", VersionStates.StageOf(current).ToString()),
        ("currentStatus", VersionStates.StatusOf(current)?.ToString()));

    // Written by hand rather than through IProblemDetailsService, which falls back to a document without
    // traceId when the client's Accept header does not name JSON: the same problem must read the same on
    // both hosts and for every client.
    private sealed class ProblemResult(ProblemDetails problem, (string Name, string Value)? header) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => problem.Status;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            problem.Extensions["traceId"] = Activity.Current?.Id ?? httpContext.TraceIdentifier;
            httpContext.Response.StatusCode = problem.Status!.Value;
            if (header is var (name, value))
            {
                httpContext.Response.Headers[name] = value;
            }

            return httpContext.Response.WriteAsJsonAsync(problem, typeof(ProblemDetails), options: null, contentType: "application/problem+json", httpContext.RequestAborted);
        }
    }
}
