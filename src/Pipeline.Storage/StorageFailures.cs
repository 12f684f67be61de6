using System.Net.Sockets;
using Azure;
using Pipeline.Core.Errors;

namespace Pipeline.Storage;

/// <summary>Tells storage being unavailable (worth trying again later) from storage refusing a request.</summary>
public static class StorageFailures
{
    /// <summary>
    /// Whether <paramref name="exception"/> says storage could not be reached or did not answer: a 5xx or 408 answer, no
    /// answer at all (status 0, a network timeout, a connection refused or reset), or the SDK's retries running out on
    /// those. A cancellation that <paramref name="cancellationToken"/> (the caller's own) asked for is not.
    /// </summary>
    public static bool IsUnavailable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        RequestFailedException e => e.Status is 0 or 408 or >= 500,
        AggregateException e => e.InnerExceptions.Count > 0 && e.InnerExceptions.All(inner => IsUnavailable(inner, cancellationToken)),
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        _ => false,
    };

    /// <summary>The domain failure for storage that did not answer (<see cref="IsUnavailable"/>), saying what was seen.</summary>
    public static StorageUnavailableException AsUnavailable(Exception exception) => new(
        Innermost(exception) switch
        {
            RequestFailedException { Status: > 0 } e => $"Storage is unavailable: it answered {e.Status} {e.ErrorCode}. Try again shortly.",
            OperationCanceledException or TimeoutException => "Storage is unavailable: it did not answer in time. Try again shortly.",
            _ => "Storage is unavailable: it could not be reached. Try again shortly.",
        },
        exception);

    private static Exception Innermost(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: > 0 } aggregate ? Innermost(aggregate.InnerExceptions[^1]) : exception;
}
