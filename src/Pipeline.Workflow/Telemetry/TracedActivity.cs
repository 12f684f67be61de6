using System.Diagnostics;
using Microsoft.DurableTask;
using Pipeline.Core.Diagnostics;

namespace Pipeline.Workflow.Telemetry;

/// <summary>
/// An activity that runs inside a span of the <see cref="PipelineTelemetry.Source"/>: named after the activity, tagged
/// with the model, version, round and orchestration instance id, and with how it ended. It is a child of the Durable Task
/// SDK's activity span when the host records that source (then one trace holds the round), and the instance id finds a
/// round's spans together either way; the orchestrator itself must not touch the clock or spans.
/// </summary>
/// <typeparam name="TInput">The activity's input.</typeparam>
/// <typeparam name="TOutput">Its result.</typeparam>
/// <param name="faults">Where a recovery test may end the process: <see cref="FaultPoint.AfterRegistryWrite"/>, after the activity's writes.</param>
public abstract class TracedActivity<TInput, TOutput>(FaultPoints faults) : TaskActivity<TInput, TOutput>
{
    /// <summary>The fault points, for an activity that has one of its own between its writes.</summary>
    protected FaultPoints Faults { get; } = faults;

    /// <inheritdoc />
    public sealed override async Task<TOutput> RunAsync(TaskActivityContext context, TInput input)
    {
        var round = RoundOf(input);
        using var span = PipelineTelemetry.Source.StartActivity($"activity {context.Name.Name}");
        span?.SetTag(PipelineTelemetry.Attributes.ActivityName, context.Name.Name);
        span?.SetTag(PipelineTelemetry.Attributes.Model, round.Model);
        span?.SetTag(PipelineTelemetry.Attributes.Version, round.Version);
        span?.SetTag(PipelineTelemetry.Attributes.Attempt, round.Attempt);
        span?.SetTag(PipelineTelemetry.Attributes.InstanceId, context.InstanceId);
        try
        {
            var output = await ExecuteAsync(context, input);
            Faults.Hit(FaultPoint.AfterRegistryWrite, context.Name.Name, round.Model);
            span?.SetTag(PipelineTelemetry.Attributes.Outcome, OutcomeOf(output));
            return output;
        }
        catch (Exception e)
        {
            span?.SetTag(PipelineTelemetry.Attributes.Outcome, "error");
            span?.AddException(e);
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    /// <summary>Runs the activity.</summary>
    protected abstract Task<TOutput> ExecuteAsync(TaskActivityContext context, TInput input);

    /// <summary>The round the input is about.</summary>
    protected abstract VersionRound RoundOf(TInput input);

    /// <summary>How the activity ended, as its span records it: by default the result's text.</summary>
    protected virtual string OutcomeOf(TOutput output) => output?.ToString() ?? "none";
}
