using Microsoft.Azure.Functions.Worker;
using Pipeline.Core.Lifecycle;
using Pipeline.Workflow;
using Pipeline.Workflow.Activities;

namespace Pipeline.Functions.Activities;

/// <summary>The Functions binding of <see cref="BeginStagingTests"/>.</summary>
public sealed class BeginStagingTestsFunction(BeginStagingTests activity)
{
    /// <summary>Runs the shared activity.</summary>
    [Function(nameof(BeginStagingTests))]
    public Task<bool> RunAsync([ActivityTrigger] VersionRound input, FunctionContext context) =>
        activity.RunAsync(new FunctionActivityContext(nameof(BeginStagingTests), context), input);
}
