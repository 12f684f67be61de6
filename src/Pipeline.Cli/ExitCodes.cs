using System.Text.Json;
using Azure;
using Azure.Identity;
using Pipeline.Cli.Failures;

namespace Pipeline.Cli;

/// <summary>
/// The CLI's exit codes, and the one place outcomes become them: an HTTP status (<see cref="ForStatus"/>) and a
/// failure (<see cref="Classify"/>). 0 ok, 1 refused (a 4xx, or the pipeline said no: tests failed), 2 usage,
/// 3 unreachable, a 5xx, or not there in time.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Done as asked.</summary>
    public const int Ok = 0;

    /// <summary>The pipeline refused: a 4xx (its problem document says why), failed tests, a rejected upload.</summary>
    public const int Refused = 1;

    /// <summary>The command line is wrong: a missing or bad option, an unknown command.</summary>
    public const int Usage = 2;

    /// <summary>The pipeline (or the identity provider, or storage) could not be reached, failed (5xx), or was too slow.</summary>
    public const int Unavailable = 3;

    /// <summary>Stopped by Ctrl+C, as shells report a SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>What an HTTP status means for the command: below 400 ok, 4xx refused, anything else unavailable.</summary>
    public static int ForStatus(int status) => status switch
    {
        >= 200 and < 400 => Ok,
        >= 400 and < 500 => Refused,
        _ => Unavailable,
    };

    /// <summary>The exit code of a failure, with what to print about it; null for a failure that is a defect of the CLI.</summary>
    public static CliFailure? Classify(Exception exception, bool interrupted) => exception switch
    {
        _ when interrupted && exception is OperationCanceledException => new(Interrupted, "Interrupted", "Stopped before it finished."),
        UsageException e => new(Usage, e.Message, string.Empty),
        ApiRefusedException e => new(ForStatus(e.Status), e.Problem.Title ?? $"HTTP {e.Status}", e.Problem.Detail ?? string.Empty, e.Document),
        CommandRefusedException e => new(Refused, e.Title, e.Detail, e.Document),
        PipelineUnavailableException e => new(Unavailable, e.Title, e.Detail),
        // Storage answered the upload: a SAS past its expiry or a bad block is a 4xx like the API's own.
        RequestFailedException { Status: >= 400 and < 500 } e => new(Refused, $"Storage refused the upload ({e.Status})", e.ErrorCode ?? e.Message),
        RequestFailedException e => new(Unavailable, "Storage unavailable", e.Message),
        AuthenticationFailedException or CredentialUnavailableException => new(Unavailable, "No token", $"DefaultAzureCredential could not get a token for --scope: {exception.Message}"),
        HttpRequestException e => new(Unavailable, "Pipeline unreachable", e.Message),
        JsonException e => new(Unavailable, "Unreadable answer", $"The API answered JSON this CLI does not understand: {e.Message}"),
        TaskCanceledException { InnerException: TimeoutException } e => new(Unavailable, "Pipeline unreachable", e.Message),
        _ => null,
    };
}

/// <summary>A failure as the CLI reports it: its exit code, a title and detail, and the API's document when there is one.</summary>
internal sealed record CliFailure(int ExitCode, string Title, string Detail, string? Document = null);
