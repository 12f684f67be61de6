using Microsoft.Azure.Functions.Worker;
using Pipeline.Core.Lifecycle;
using Pipeline.Workflow;
using Pipeline.Workflow.Activities;

namespace Pipeline.Functions.Activities;

/// <summary>The Functions binding of <see cref="PromoteVersion"/>.</summary>
public sealed class PromoteVersionFunction(PromoteVersion activity)
{
    /// <summary>Runs the shared activity.</summary>
    [Function(nameof(PromoteVersion))]
    public Task<VersionState> RunAsync([ActivityTrigger] DecisionInput input, FunctionContext context) =>
        activity.RunAsync(new FunctionActivityContext(nameof(PromoteVersion), context), input);
}
