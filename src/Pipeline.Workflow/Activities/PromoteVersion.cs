using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;

namespace Pipeline.Workflow.Activities;

/// <summary>Promotes an approved version (re-verifying its artifact) and archives the one it replaces.</summary>
public sealed class PromoteVersion(ProductionSwitch production) : TaskActivity<DecisionInput, VersionState>
{
    /// <inheritdoc />
    public override async Task<VersionState> RunAsync(TaskActivityContext context, DecisionInput input)
    {
        var key = ModelVersionKey.Create(input.Round.Model, input.Round.Version);
        var result = await production.PromoteAsync(key, input.Round.Attempt, input.Decision, CancellationToken.None);
        return result.State;
    }
}
