using Grpc.Core;
using Pipeline.Core.Errors;
using Pipeline.Storage;

namespace Pipeline.Api.Http;

/// <summary>
/// What the API answers 503 with <c>Retry-After</c> for: storage that does not answer (<see cref="StorageFailures"/>), and
/// the durable engine's client finding nothing to answer it (its gRPC call unavailable, past its deadline, or refused
/// for load). Any other failure of the engine is not a reason to try again later.
/// </summary>
public static class ServiceFailures
{
    /// <summary>Whether <paramref name="exception"/> says storage or the durable engine did not answer.</summary>
    public static bool IsUnavailable(Exception exception, CancellationToken cancellationToken) =>
        StorageFailures.IsUnavailable(exception, cancellationToken) || IsEngineUnavailable(exception);

    /// <summary>The domain failure for <paramref name="exception"/>, one that <see cref="IsUnavailable"/> accepts.</summary>
    public static StorageUnavailableException AsUnavailable(Exception exception) => IsEngineUnavailable(exception)
        ? new StorageUnavailableException($"The durable engine is unavailable: it answered {((RpcException)exception).StatusCode}. Try again shortly.", exception)
        : StorageFailures.AsUnavailable(exception);

    private static bool IsEngineUnavailable(Exception exception) =>
        exception is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted };
}
