using Pipeline.Core.Errors;
using Pipeline.Core.Naming;

namespace Pipeline.Workflow.Decisions;

/// <summary>
/// The registry says a version awaits a decision, but its workflow is missing or finished (for
/// example terminated by an operator), so a decision would be lost.
/// </summary>
public sealed class WorkflowNotWaitingException(ModelVersionKey key, string instanceId, string runtimeStatus)
    : PipelineException($"Version '{key.Version}' of model '{key.Model}' awaits approval, but its workflow '{instanceId}' is {runtimeStatus.ToLowerInvariant()}, so the decision cannot be delivered.")
{
    /// <summary>The workflow instance.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>What the durable engine reports for it.</summary>
    public string RuntimeStatus { get; } = runtimeStatus;
}
