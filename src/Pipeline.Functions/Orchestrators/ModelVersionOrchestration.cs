using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Workflow;
using Pipeline.Workflow.Orchestrators;

namespace Pipeline.Functions.Orchestrators;

/// <summary>The Functions binding of <see cref="ModelVersionOrchestrator"/>: the same class the local runtime runs.</summary>
public static class ModelVersionOrchestration
{
    /// <summary>Runs the shared orchestrator.</summary>
    [Function(nameof(ModelVersionOrchestrator))]
    public static Task<VersionState?> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ModelVersionOrchestrator().RunAsync(context, context.GetInput<ModelVersionWorkflowInput>()!);
}
