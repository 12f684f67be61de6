using Microsoft.Azure.Functions.Worker;
using Pipeline.Core.Lifecycle;
using Pipeline.Workflow;
using Pipeline.Workflow.Activities;

namespace Pipeline.Functions.Activities;

/// <summary>The Functions binding of <see cref="RejectVersion"/>.</summary>
public sealed class RejectVersionFunction(RejectVersion activity)
{
    /// <summary>Runs the shared activity.</summary>
    [Function(nameof(RejectVersion))]
    public Task<VersionState> RunAsync([ActivityTrigger] DecisionInput input, FunctionContext context) =>
        activity.RunAsync(new FunctionActivityContext(nameof(RejectVersion), context), input);
}
