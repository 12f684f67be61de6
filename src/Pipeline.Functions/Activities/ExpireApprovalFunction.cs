using Microsoft.Azure.Functions.Worker;
using Pipeline.Core.Lifecycle;
using Pipeline.Workflow;
using Pipeline.Workflow.Activities;

namespace Pipeline.Functions.Activities;

/// <summary>The Functions binding of <see cref="ExpireApproval"/>.</summary>
public sealed class ExpireApprovalFunction(ExpireApproval activity)
{
    /// <summary>Runs the shared activity.</summary>
    [Function(nameof(ExpireApproval))]
    public Task<VersionState> RunAsync([ActivityTrigger] VersionRound input, FunctionContext context) =>
        activity.RunAsync(new FunctionActivityContext(nameof(ExpireApproval), context), input);
}
