using Microsoft.DurableTask;
using Pipeline.Core.Errors;

namespace Pipeline.Workflow.Orchestrators;

/// <summary>How activities are retried: transient failures (storage timeouts) a few times; domain failures never.</summary>
public static class WorkflowRetries
{
    /// <summary>The options every activity call uses.</summary>
    public static TaskOptions Activities { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5,
        firstRetryInterval: TimeSpan.FromSeconds(1),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(30))
    {
        HandleFailure = failure => !failure.IsCausedBy<PipelineException>(),
    });
}
