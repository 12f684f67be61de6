using Microsoft.DurableTask;
using Pipeline.Core.Errors;

namespace Pipeline.Workflow.Orchestrators;

/// <summary>
/// How activities are retried: transient failures (storage timeouts) and lost write races a few
/// times; other domain failures never, as the same input fails the same way again.
/// </summary>
public static class WorkflowRetries
{
    /// <summary>The options every activity call uses.</summary>
    public static TaskOptions Activities { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5,
        firstRetryInterval: TimeSpan.FromSeconds(1),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(30))
    {
        HandleFailure = failure => failure.IsCausedBy<ConcurrencyConflictException>() || !failure.IsCausedBy<PipelineException>(),
    });
}
