using Pipeline.Storage.Tables;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>The local runtime's cleanup schedule: a missed run happens once at start, not once per missed tick.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CleanupScheduleTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Scheduler_SeveralTicksMissed_RunsOnceAtStartThenWaitsForTheNextTick()
    {
        var state = new ScheduleState(azurite.Tables);
        var seeded = DateTimeOffset.UtcNow.AddDays(-3);
        await state.SetLastRunAsync("cleanup", seeded, CancellationToken.None);

        await using var runtime = await PipelineRuntime.StartAsync(azurite, extraArgs: ["--CLEANUP_SCHEDULE=0 0 3 * * *"]);

        var firstRun = await Eventually.WaitAsync(
            () => state.GetLastRunAsync("cleanup", CancellationToken.None),
            last => last > seeded,
            TimeSpan.FromSeconds(30),
            "the missed cleanup to run");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(firstRun, await state.GetLastRunAsync("cleanup", CancellationToken.None));
        Assert.True(firstRun > DateTimeOffset.UtcNow.AddMinutes(-1));
    }
}
