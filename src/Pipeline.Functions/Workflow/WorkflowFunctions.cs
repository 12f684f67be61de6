using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;
using Pipeline.Workflow;
using Pipeline.Workflow.Activities;
using Pipeline.Workflow.Orchestrators;

namespace Pipeline.Functions.Workflow;

/// <summary>
/// The Functions bindings of every task in <see cref="WorkflowTasks"/>, shaped like the DurableTask
/// source generator's output (which this machine's feed does not serve): an orchestration trigger
/// per orchestrator, an activity trigger per activity that binds the instance id and runs the shared
/// class from the function's services. Adding a task: list it in <see cref="WorkflowTasks"/> and bind
/// it here; a test fails when the two differ.
/// </summary>
public static class WorkflowFunctions
{
    /// <summary>Runs <see cref="Pipeline.Workflow.Orchestrators.ModelVersionOrchestrator"/>.</summary>
    [Function(nameof(ModelVersionOrchestrator))]
    public static Task<VersionState?> ModelVersionOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new Pipeline.Workflow.Orchestrators.ModelVersionOrchestrator().RunAsync(context, context.GetInput<ModelVersionWorkflowInput>()!);

    /// <summary>Runs <see cref="Pipeline.Workflow.Activities.BeginStagingTests"/>.</summary>
    [Function(nameof(BeginStagingTests))]
    public static Task<bool> BeginStagingTests([ActivityTrigger] VersionRound input, string instanceId, FunctionContext executionContext) =>
        RunAsync<BeginStagingTests, VersionRound, bool>(input, instanceId, executionContext);

    /// <summary>Runs <see cref="Pipeline.Workflow.Activities.RunStagingTests"/>.</summary>
    [Function(nameof(RunStagingTests))]
    public static Task<VersionState> RunStagingTests([ActivityTrigger] VersionRound input, string instanceId, FunctionContext executionContext) =>
        RunAsync<RunStagingTests, VersionRound, VersionState>(input, instanceId, executionContext);

    /// <summary>Runs <see cref="Pipeline.Workflow.Activities.FailStagingTests"/>.</summary>
    [Function(nameof(FailStagingTests))]
    public static Task<VersionState> FailStagingTests([ActivityTrigger] StagingFailure input, string instanceId, FunctionContext executionContext) =>
        RunAsync<FailStagingTests, StagingFailure, VersionState>(input, instanceId, executionContext);

    /// <summary>Runs <see cref="Pipeline.Workflow.Activities.PromoteVersion"/>.</summary>
    [Function(nameof(PromoteVersion))]
    public static Task<VersionState> PromoteVersion([ActivityTrigger] VersionRound input, string instanceId, FunctionContext executionContext) =>
        RunAsync<PromoteVersion, VersionRound, VersionState>(input, instanceId, executionContext);

    /// <summary>Runs <see cref="Pipeline.Workflow.Activities.RejectVersion"/>.</summary>
    [Function(nameof(RejectVersion))]
    public static Task<VersionState> RejectVersion([ActivityTrigger] VersionRound input, string instanceId, FunctionContext executionContext) =>
        RunAsync<RejectVersion, VersionRound, VersionState>(input, instanceId, executionContext);

    /// <summary>Runs <see cref="Pipeline.Workflow.Activities.PlanApprovalWait"/>.</summary>
    [Function(nameof(PlanApprovalWait))]
    public static Task<ApprovalPlan> PlanApprovalWait([ActivityTrigger] ApprovalWaitRequest input, string instanceId, FunctionContext executionContext) =>
        RunAsync<PlanApprovalWait, ApprovalWaitRequest, ApprovalPlan>(input, instanceId, executionContext);

    /// <summary>Runs <see cref="Pipeline.Workflow.Activities.SendReminder"/>.</summary>
    [Function(nameof(SendReminder))]
    public static Task<bool> SendReminder([ActivityTrigger] ReminderInput input, string instanceId, FunctionContext executionContext) =>
        RunAsync<SendReminder, ReminderInput, bool>(input, instanceId, executionContext);

    /// <summary>Runs <see cref="Pipeline.Workflow.Activities.MatchDecision"/>.</summary>
    [Function(nameof(MatchDecision))]
    public static Task<RecordedDecision?> MatchDecision([ActivityTrigger] ReceivedSignal input, string instanceId, FunctionContext executionContext) =>
        RunAsync<MatchDecision, ReceivedSignal, RecordedDecision?>(input, instanceId, executionContext);

    /// <summary>Runs <see cref="Pipeline.Workflow.Activities.ExpireApproval"/>.</summary>
    [Function(nameof(ExpireApproval))]
    public static Task<RecordedDecision?> ExpireApproval([ActivityTrigger] VersionRound input, string instanceId, FunctionContext executionContext) =>
        RunAsync<ExpireApproval, VersionRound, RecordedDecision?>(input, instanceId, executionContext);

    /// <summary>Runs one activity the way the local worker does: created from the services, with its name and instance id.</summary>
    /// <exception cref="ArgumentException">The trigger bound no instance id.</exception>
    private static Task<TOutput> RunAsync<TActivity, TInput, TOutput>(TInput input, string instanceId, FunctionContext executionContext)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        // Activities key their idempotence on the instance id; running one without it would be a silent defect.
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(executionContext.InstanceServices);
        return activity.RunAsync(new BoundActivityContext(typeof(TActivity).Name, instanceId), input);
    }

    private sealed class BoundActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
