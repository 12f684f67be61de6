namespace Pipeline.Core.Errors;

/// <summary>An idempotency key sent again while the request that first sent it is still running.</summary>
public sealed class RequestInProgressException()
    : PipelineException("A request with this Idempotency-Key is still in progress; send it again once that one has answered, to get its answer.");
