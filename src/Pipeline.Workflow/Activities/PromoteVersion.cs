using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;

namespace Pipeline.Workflow.Activities;

/// <summary>Promotes an approved version (re-verifying its artifact) and archives the one it replaces.</summary>
public sealed class PromoteVersion(ProductionSwitch production) : TaskActivity<VersionRound, VersionState>
{
    /// <inheritdoc />
    public override async Task<VersionState> RunAsync(TaskActivityContext context, VersionRound input) =>
        (await production.PromoteAsync(input.Key, input.Attempt, CancellationToken.None)).State;
}
