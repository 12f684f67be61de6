using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Storage.Tables;
using Pipeline.Testing;
using Pipeline.Workflow.Orchestrators;
using Pipeline.Workflow.Uploads;

namespace Pipeline.Workflow.Tests.Orchestrators;

/// <summary>
/// A round is scheduled once however many callers start it at the same moment (nodes, duplicate events),
/// on the real durable backend: its instance keeps generation 0 and one execution. A claim whose claimer
/// died before scheduling is taken over; a fresh one held by another caller is left to it. Round 1 of an upload is
/// claimed by its registration: the caller that registered it schedules, the others wait for it, and a registerer
/// that died is taken over after the same timeout. Without the claim the backend replaces an instance scheduled twice.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RoundStartTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StartAsync_SixteenCallersAtOnce_SchedulesOneExecution()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var key = ModelVersionKey.Create(TestUploads.NewModelName("race"), "v1");
        var rounds = runtime.Get<ModelVersionRounds>();
        var client = runtime.Get<DurableTaskClient>();

        // Spread over the moment the first call writes the instance: some callers find nothing and
        // schedule at once, some arrive while that first schedule is under way (the window a check
        // before scheduling leaves open, where the backend replaces the instance), some after it.
        var ids = await SpreadAsync(16, () => rounds.StartAsync(client, key, attempt: 1, CancellationToken.None));

        var id = ModelVersionRounds.InstanceIdFor(key, 1);
        Assert.All(ids, i => Assert.Equal(id, i));
        await AssertOneExecutionAsync(runtime.TaskHub, id);
    }

    // Why the claim: the backend (DurableTask.AzureStorage 2.11.2 behind the sidecar) takes a second
    // schedule of an existing id without complaint and replaces the instance, a new generation.
    [Fact]
    public async Task Backend_ScheduledTwiceUnderOneIdWithoutAClaim_ReplacesTheInstance()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var client = runtime.Get<DurableTaskClient>();
        var model = TestUploads.NewModelName("twice");
        var id = ModelVersionRounds.InstanceIdFor(ModelVersionKey.Create(model, "v1"), 1);
        var input = new ModelVersionWorkflowInput(model, "v1", 1, TimeSpan.FromHours(1));

        await client.ScheduleNewOrchestrationInstanceAsync(nameof(ModelVersionOrchestrator), input, new StartOrchestrationOptions(id));
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(ModelVersionOrchestrator), input, new StartOrchestrationOptions(id));

        var instance = (await azurite.Tables.GetTableClient(runtime.TaskHub + "Instances").GetEntityAsync<TableEntity>(id, string.Empty)).Value;
        Assert.Equal(1, instance.GetInt32("Generation"));
    }

    [Fact]
    public async Task StartAsync_ClaimedByACallerThatDiedBeforeScheduling_TakesItOverAndSchedules()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var key = ModelVersionKey.Create(TestUploads.NewModelName("orphan"), "v1");
        var id = ModelVersionRounds.InstanceIdFor(key, 1);
        var claims = runtime.Get<RoundClaims>();
        Assert.True(await claims.TryAddAsync(id, "dead-node/1/claim", DateTimeOffset.UtcNow - ModelVersionRounds.ClaimTimeout - TimeSpan.FromSeconds(1), CancellationToken.None));

        await runtime.Get<ModelVersionRounds>().StartAsync(runtime.Get<DurableTaskClient>(), key, attempt: 1, CancellationToken.None);

        await AssertOneExecutionAsync(runtime.TaskHub, id);
        Assert.DoesNotContain("dead-node", (await claims.FindAsync(id, CancellationToken.None))!.Claimant, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ClaimedJustNowByAnotherThatNeverSchedules_AnswersConflictAndSchedulesNothing()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var key = ModelVersionKey.Create(TestUploads.NewModelName("held"), "v1");
        var id = ModelVersionRounds.InstanceIdFor(key, 1);
        Assert.True(await runtime.Get<RoundClaims>().TryAddAsync(id, "busy-node/1/claim", DateTimeOffset.UtcNow, CancellationToken.None));
        var client = runtime.Get<DurableTaskClient>();

        await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => runtime.Get<ModelVersionRounds>().StartAsync(client, key, attempt: 1, CancellationToken.None));

        Assert.Null(await client.GetInstanceAsync(id, getInputsAndOutputs: false, CancellationToken.None));
    }

    [Fact]
    public async Task StartRegistered_SixteenRegistrationsOfOneUploadAtOnce_ScheduleOneExecutionWithoutAClaim()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var model = TestUploads.NewModelName("notices");
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        var registrar = runtime.Get<UploadRegistrar>();
        var client = runtime.Get<DurableTaskClient>();

        // Sixteen notices of one upload at once (events, nodes): one inserts the version and schedules its round, the
        // others find it registered a moment ago and wait for that round.
        var results = await SpreadAsync(16, () => registrar.RegisterAsync(client, $"{model}/v1/model.onnx", CancellationToken.None));

        // A late one finds the round begun already: a duplicate.
        Assert.All(results, r => Assert.Contains(r.Disposition, new[] { UploadDisposition.Registered, UploadDisposition.Duplicate }));
        Assert.Contains(results, r => r.Disposition == UploadDisposition.Registered);
        var id = ModelVersionRounds.InstanceIdFor(ModelVersionKey.Create(model, "v1"), 1);
        await AssertOneExecutionAsync(runtime.TaskHub, id);
        // The registration was the round's claim: no claim of its own was written.
        Assert.Null(await runtime.Get<RoundClaims>().FindAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task StartRegistered_RegisteredJustNowByAnotherThatNeverSchedules_AnswersConflictAndSchedulesNothing()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var registered = Registered(TestUploads.NewModelName("registering"), DateTimeOffset.UtcNow);
        var client = runtime.Get<DurableTaskClient>();

        await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => runtime.Get<ModelVersionRounds>().StartRegisteredAsync(client, registered, justRegistered: false, CancellationToken.None));

        var id = ModelVersionRounds.InstanceIdFor(ModelVersionKey.Create(registered.Model, "v1"), 1);
        Assert.Null(await client.GetInstanceAsync(id, getInputsAndOutputs: false, CancellationToken.None));
        Assert.Null(await runtime.Get<RoundClaims>().FindAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task StartRegistered_RegisteredByACallerThatDiedBeforeScheduling_IsClaimedAndScheduledOnce()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var registered = Registered(TestUploads.NewModelName("orphan"), DateTimeOffset.UtcNow - ModelVersionRounds.ClaimTimeout - TimeSpan.FromSeconds(1));
        var rounds = runtime.Get<ModelVersionRounds>();
        var client = runtime.Get<DurableTaskClient>();

        var ids = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => rounds.StartRegisteredAsync(client, registered, justRegistered: false, CancellationToken.None))));

        var id = ModelVersionRounds.InstanceIdFor(ModelVersionKey.Create(registered.Model, "v1"), 1);
        Assert.All(ids, i => Assert.Equal(id, i));
        await AssertOneExecutionAsync(runtime.TaskHub, id);
        Assert.NotNull(await runtime.Get<RoundClaims>().FindAsync(id, CancellationToken.None));
    }

    // `count` calls released together, the i-th 4·i ms after the first.
    private static async Task<T[]> SpreadAsync<T>(int count, Func<Task<T>> call)
    {
        using var gate = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            gate.Wait();
            await Task.Delay(TimeSpan.FromMilliseconds(i * 4));
            return await call();
        })).ToList();
        gate.Set();
        return await Task.WhenAll(callers);
    }

    // A version row as a registration returns it, registered at `at`, whose round 1 nobody scheduled.
    private static ModelVersion Registered(string model, DateTimeOffset at) =>
        TestVersions.Registered(model) with { RegisteredAt = at, UpdatedAt = at };

    // The durable backend's own records: a second schedule of the id replaces the instance (a new
    // generation) or leaves the start events of two executions in its history.
    private async Task AssertOneExecutionAsync(string hub, string id)
    {
        var instance = await Eventually.WaitAsync(
            async () => (await azurite.Tables.GetTableClient(hub + "Instances").GetEntityIfExistsAsync<TableEntity>(id, string.Empty)) is { HasValue: true } row ? row.Value : null,
            row => row is not null,
            TimeSpan.FromSeconds(30),
            $"the instance {id}");
        var starts = await Eventually.WaitAsync(
            () => StartsAsync(hub, id),
            rows => rows.Count > 0,
            TimeSpan.FromSeconds(30),
            $"the start of {id} in its history");

        // Time for an extra start message, were one queued, to be picked up.
        await Task.Delay(TimeSpan.FromSeconds(2));
        starts = await StartsAsync(hub, id);
        instance = (await azurite.Tables.GetTableClient(hub + "Instances").GetEntityAsync<TableEntity>(id, string.Empty)).Value;
        Assert.Equal(0, instance!.GetInt32("Generation") ?? 0);
        Assert.Single(starts.Select(s => s.GetString("ExecutionId")).Distinct());
        Assert.Equal(instance.GetString("ExecutionId"), starts[0].GetString("ExecutionId"));
    }

    private async Task<List<TableEntity>> StartsAsync(string hub, string id)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in azurite.Tables.GetTableClient(hub + "History")
            .QueryAsync<TableEntity>(e => e.PartitionKey == id && e.GetString("EventType") == "ExecutionStarted"))
        {
            rows.Add(row);
        }

        return rows;
    }
}
