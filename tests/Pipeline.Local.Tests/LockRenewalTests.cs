using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Local.Tests;

/// <summary>
/// The local backend renews the lock of a running activity: one that runs three times longer than the queue's
/// visibility timeout (shortened here to 2 s) runs once, never a second time beside itself.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LockRenewalTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Orchestrator = "LongEvaluationRound";
    private const string Activity = "LongEvaluation";

    private static int runs;
    private static int running;
    private static int mostAtOnce;

    [Fact]
    [Trait("Category", "Faults")]
    public async Task Activity_RunningLongerThanTheVisibilityTimeout_RunsExactlyOnce()
    {
        var visibility = TimeSpan.FromSeconds(2);
        var duration = TimeSpan.FromSeconds(6);
        await using var runtime = await PipelineRuntime.StartAsync(
            azurite,
            extraArgs: [$"--Local:WorkItemVisibilityTimeout={visibility:c}", $"--Local:ControlQueueVisibilityTimeout={visibility:c}"],
            configureTasks: tasks => tasks
                .AddOrchestratorFunc<int, int>(Orchestrator, (context, seconds) => context.CallActivityAsync<int>(Activity, seconds))
                .AddActivityFunc<int, int>(Activity, async (_, seconds) =>
                {
                    var run = Interlocked.Increment(ref runs);
                    var now = Interlocked.Increment(ref running);
                    InterlockedMax(ref mostAtOnce, now);
                    await Task.Delay(TimeSpan.FromSeconds(seconds));
                    Interlocked.Decrement(ref running);
                    return run;
                }));
        var client = runtime.Get<DurableTaskClient>();
        var watch = Stopwatch.StartNew();

        var id = await client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, (int)duration.TotalSeconds);
        var done = await Eventually.WaitAsync(
            () => client.GetInstanceAsync(id, getInputsAndOutputs: true),
            i => i?.IsCompleted == true,
            TimeSpan.FromSeconds(60),
            "the long activity's orchestration to complete");
        // A second run, had the lock lapsed, would have started within a visibility timeout of the first.
        await Task.Delay(visibility * 2);

        output.WriteLine($"Activity of {duration.TotalSeconds} s under a {visibility.TotalSeconds} s visibility timeout: {runs} run(s), at most {mostAtOnce} at once, done in {watch.Elapsed.TotalSeconds:0.0} s.");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done!.RuntimeStatus);
        Assert.Equal(1, done.ReadOutputAs<int>());
        Assert.Equal(1, runs);
        Assert.Equal(1, mostAtOnce);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
