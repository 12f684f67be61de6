using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Pipeline.Api.Http;
using Pipeline.Api.Identity;
using Pipeline.Core.Errors;

namespace Pipeline.Api.Mlflow;

/// <summary>
/// Failures as MLflow clients expect them: a non-200 status with <c>{"error_code", "message"}</c>, never a problem
/// document. The status is the one <see cref="ApiProblems"/> gives the same failure on the pipeline's own routes.
/// </summary>
public static class MlflowErrors
{
    /// <summary>MLflow's code for a bad parameter.</summary>
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";

    /// <summary>MLflow's code for an unknown route.</summary>
    public const string EndpointNotFound = "ENDPOINT_NOT_FOUND";

    /// <summary>The MLflow error for a domain failure.</summary>
    public static IResult From(PipelineException exception) => exception switch
    {
        // MLflow answers an existing name with 400, where the pipeline's own routes would say 409.
        ModelExistsException e => Error(StatusCodes.Status400BadRequest, "RESOURCE_ALREADY_EXISTS", e.Message),
        UnauthenticatedException e => Error(StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", e.Message, e.Challenge),
        StorageUnavailableException e => new ErrorResult(
            StatusCodes.Status503ServiceUnavailable, new MlflowError("TEMPORARILY_UNAVAILABLE", e.Message), null, ApiProblems.RetryAfterSeconds),
        _ => Error(StatusOf(exception), CodeOf(StatusOf(exception)), exception.Message),
    };

    /// <summary>An MLflow error response.</summary>
    public static IResult Error(int status, string code, string message, string? challenge = null) => new ErrorResult(status, new MlflowError(code, message), challenge, null);

    private static int StatusOf(PipelineException exception) =>
        (ApiProblems.From(exception) as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status400BadRequest;

    private static string CodeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "UNAUTHENTICATED",
        StatusCodes.Status403Forbidden => "PERMISSION_DENIED",
        StatusCodes.Status404NotFound => "RESOURCE_DOES_NOT_EXIST",
        StatusCodes.Status409Conflict => "RESOURCE_CONFLICT",
        StatusCodes.Status503ServiceUnavailable => "TEMPORARILY_UNAVAILABLE",
        _ => InvalidParameterValue,
    };

    private sealed class ErrorResult(int status, MlflowError error, string? challenge, string? retryAfter) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (challenge is not null)
            {
                httpContext.Response.Headers[HeaderNames.WWWAuthenticate] = challenge;
            }

            if (retryAfter is not null)
            {
                httpContext.Response.Headers[HeaderNames.RetryAfter] = retryAfter;
            }

            return httpContext.Response.WriteAsJsonAsync(error, MlflowJson.Options, "application/json", httpContext.RequestAborted);
        }
    }
}
