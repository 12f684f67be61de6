using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;

namespace Pipeline.Workflow.Activities;

/// <summary>Promotes an approved version (re-verifying its artifact) and archives the one it replaces.</summary>
public sealed class PromoteVersion(ProductionSwitch production) : TaskActivity<DecisionInput, VersionState>
{
    /// <inheritdoc />
    public override async Task<VersionState> RunAsync(TaskActivityContext context, DecisionInput input) =>
        (await production.PromoteAsync(input.Round.Key, input.Round.Attempt, input.Decision, CancellationToken.None)).State;
}
