using Microsoft.DurableTask;
using Pipeline.Workflow.Activities;
using Pipeline.Workflow.Orchestrators;

namespace Pipeline.Workflow;

/// <summary>
/// The workflow's orchestrators and activities: the one list both hosts read. The local worker
/// registers from it; the Functions app binds each entry in <c>WorkflowFunctions</c>, and a test
/// fails when an entry has no binding there. Each task's name is its class name.
/// </summary>
public static class WorkflowTasks
{
    /// <summary>The orchestrators.</summary>
    public static IReadOnlyList<Type> Orchestrators { get; } =
    [
        typeof(ModelVersionOrchestrator),
    ];

    /// <summary>The activities. They are created per call from the host's services.</summary>
    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(BeginStagingTests),
        typeof(RunStagingTests),
        typeof(FailStagingTests),
        typeof(PromoteVersion),
        typeof(RejectVersion),
        typeof(PlanApprovalWait),
        typeof(SendReminder),
        typeof(MatchDecision),
        typeof(ExpireApproval),
    ];

    /// <summary>Registers every task with a Durable Task worker (the local runtime's).</summary>
    public static DurableTaskRegistry AddPipelineTasks(this DurableTaskRegistry registry)
    {
        foreach (var orchestrator in Orchestrators)
        {
            registry.AddOrchestrator(orchestrator.Name, orchestrator);
        }

        foreach (var activity in Activities)
        {
            registry.AddActivity(activity.Name, activity);
        }

        return registry;
    }
}
