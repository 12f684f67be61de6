using Azure.Core;
using Azure.Core.Pipeline;

namespace Pipeline.Storage.Transport;

/// <summary>
/// The SDK's retries, except for a request that adds something (a POST: a queue message, a table insert or batch)
/// and got no answer. Such a request may have been carried out, and sending it again would add it twice: two
/// copies of a durable message (an orchestration started twice: "Multiple ExecutionStartedEvent found"), or a
/// 409 for one's own insert. Its failure goes to the caller instead, whose work is idempotent and which tries
/// again with its own reading of what is stored. A POST that was answered (503, 500) was not done and is retried;
/// PUT, MERGE and DELETE are retried as the SDK does: unconditional ones repeat the same change, and an ETag-guarded
/// one that had been carried out answers 412, which the guarded writes read as "already changed" and re-decide.
/// </summary>
internal sealed class AnsweredRetryPolicy(int maxRetries, DelayStrategy delay) : RetryPolicy(maxRetries, delay)
{
    /// <inheritdoc />
    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        !IsUnansweredPost(message, exception) && base.ShouldRetry(message, exception);

    /// <inheritdoc />
    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        !IsUnansweredPost(message, exception) && await base.ShouldRetryAsync(message, exception);

    private static bool IsUnansweredPost(HttpMessage message, Exception? exception) =>
        exception is not null && message.Request.Method == RequestMethod.Post;
}
