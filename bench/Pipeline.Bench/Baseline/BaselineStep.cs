using Microsoft.DurableTask;

namespace Pipeline.Bench.Baseline;

/// <summary>A no-op activity: only the scheduling, dispatch and history cost of one activity remains.</summary>
public sealed class BaselineStep : TaskActivity<BaselineToken, BaselineToken>
{
    /// <inheritdoc />
    public override Task<BaselineToken> RunAsync(TaskActivityContext context, BaselineToken input) =>
        Task.FromResult(input with { Step = input.Step + 1 });
}
