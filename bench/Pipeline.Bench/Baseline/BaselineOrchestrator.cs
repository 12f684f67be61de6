using Microsoft.DurableTask;

namespace Pipeline.Bench.Baseline;

/// <summary>
/// The floor the pipeline's latency is compared with: <see cref="ActivityCount"/> no-op activities in
/// sequence on the same worker, backend and storage as the pipeline.
/// </summary>
public sealed class BaselineOrchestrator : TaskOrchestrator<BaselineToken, BaselineToken>
{
    /// <summary>As many activities as the pipeline runs from upload to production (two for tests, one to promote).</summary>
    public const int ActivityCount = 3;

    /// <inheritdoc />
    public override async Task<BaselineToken> RunAsync(TaskOrchestrationContext context, BaselineToken input)
    {
        var token = input;
        var steps = input.Steps ?? ActivityCount;
        for (var i = 0; i < steps; i++)
        {
            token = await context.CallActivityAsync<BaselineToken>(nameof(BaselineStep), token);
        }

        return token;
    }
}
