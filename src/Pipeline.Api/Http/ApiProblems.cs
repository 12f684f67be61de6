using Microsoft.AspNetCore.Http;
using Pipeline.Core.Errors;

namespace Pipeline.Api.Http;

/// <summary>The one place domain failures become RFC 9457 problem responses.</summary>
public static class ApiProblems
{
    /// <summary>The problem response for a domain failure.</summary>
    public static IResult From(PipelineException exception) => exception switch
    {
        InvalidNameException e => Problem(StatusCodes.Status400BadRequest, "Invalid name", e.Message, ("part", e.Part)),
        InvalidRequestException e => Problem(StatusCodes.Status400BadRequest, "Invalid request", e.Message),
        RequestTooLargeException e => Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", e.Message, ("limitBytes", e.LimitBytes)),
        ModelNotFoundException e => Problem(StatusCodes.Status404NotFound, "Model not found", e.Message, ("model", e.Model)),
        VersionNotFoundException e => Problem(StatusCodes.Status404NotFound, "Version not found", e.Message, ("model", e.Model), ("version", e.Version)),
        NoProductionVersionException e => Problem(StatusCodes.Status404NotFound, "No production version", e.Message, ("model", e.Model)),
        VersionStateConflictException e => Problem(
            StatusCodes.Status409Conflict, "Version state does not allow this", e.Message,
            ("currentStage", Core.Lifecycle.VersionStates.StageOf(e.Current).ToString()),
            ("currentStatus", Core.Lifecycle.VersionStates.StatusOf(e.Current)?.ToString())),
        Core.Policies.PolicyValidationException e => Problem(
            StatusCodes.Status400BadRequest, "Invalid policy", e.Message, ("errors", e.Errors.Select(x => new { field = x.Field, message = x.Message }).ToList())),
        NoPolicyException e => Problem(StatusCodes.Status404NotFound, "No policy", e.Message, ("model", e.Model)),
        RollbackRefusedException e => Problem(StatusCodes.Status409Conflict, "Rollback refused", e.Message, ("model", e.Model), ("version", e.Version)),
        ConcurrencyConflictException e => Problem(StatusCodes.Status409Conflict, "Concurrent change", e.Message),
        Workflow.Decisions.WorkflowNotWaitingException e => Problem(
            StatusCodes.Status409Conflict, "Workflow not waiting", e.Message, ("instanceId", e.InstanceId), ("runtimeStatus", e.RuntimeStatus)),
        _ => Problem(StatusCodes.Status400BadRequest, "Request refused", exception.Message),
    };

    /// <summary>A problem response with optional extension members.</summary>
    public static IResult Problem(int status, string title, string detail, params (string Name, object? Value)[] extensions) =>
        Results.Problem(
            detail: detail,
            statusCode: status,
            title: title,
            type: $"https://httpstatuses.io/{status}",
            extensions: extensions.Where(x => x.Value is not null).ToDictionary(x => x.Name, x => x.Value));
}
