using Microsoft.Azure.Functions.Worker;
using Pipeline.Core.Lifecycle;
using Pipeline.Workflow;
using Pipeline.Workflow.Activities;

namespace Pipeline.Functions.Activities;

/// <summary>The Functions binding of <see cref="RunStagingTests"/>.</summary>
public sealed class RunStagingTestsFunction(RunStagingTests activity)
{
    /// <summary>Runs the shared activity.</summary>
    [Function(nameof(RunStagingTests))]
    public Task<VersionState> RunAsync([ActivityTrigger] VersionRound input, FunctionContext context) =>
        activity.RunAsync(new FunctionActivityContext(nameof(RunStagingTests), context), input);
}
