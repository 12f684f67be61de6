using Pipeline.Core.Errors;
using Pipeline.Core.Registry;
using Pipeline.Core.Serving;

namespace Pipeline.Core.Tests.Serving;

/// <summary>The serving cache's staleness bound, invalidation, single flight, no-cache and memory bound, on a hand-set clock.</summary>
public sealed class ProductionCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);

    private readonly HandClock clock = new(Start);
    private readonly Storage storage = new();

    [Fact]
    public async Task Get_WithinTheTtl_ReadsStorageOnceAndSaysHowOld()
    {
        var cache = NewCache();
        storage.Set("m", "v1");

        var first = await GetAsync(cache, "m");
        clock.Advance(TimeSpan.FromMilliseconds(600));
        var second = await GetAsync(cache, "m");

        Assert.Equal(1, storage.Reads);
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal("v1", second.Require().Version);
        Assert.Equal(TimeSpan.FromMilliseconds(600), second.Age);
        Assert.Equal(Start, second.ReadAt);
    }

    [Fact]
    public async Task Get_OnceTheTtlHasPassed_ServesWhatStorageHoldsNow()
    {
        var cache = NewCache();
        storage.Set("m", "v1");
        await GetAsync(cache, "m");
        storage.Set("m", "v2");

        clock.Advance(Ttl - TimeSpan.FromTicks(1));
        Assert.Equal("v1", (await GetAsync(cache, "m")).Require().Version);
        clock.Advance(TimeSpan.FromTicks(1));
        var later = await GetAsync(cache, "m");

        Assert.Equal("v2", later.Require().Version);
        Assert.False(later.FromCache);
        Assert.Equal(2, storage.Reads);
    }

    [Fact]
    public async Task BeginChange_DropsTheEntry_TheNodeServesItsOwnChangeAtOnce()
    {
        var cache = NewCache();
        storage.Set("m", "v1");
        await GetAsync(cache, "m");

        using (cache.BeginChange("m"))
        {
            storage.Set("m", "v2");
            // While the write is under way, lookups read storage and keep nothing.
            Assert.Equal("v2", (await GetAsync(cache, "m")).Require().Version);
            Assert.Equal(0, cache.Count);
        }

        var after = await GetAsync(cache, "m");
        Assert.Equal("v2", after.Require().Version);
        Assert.False(after.FromCache);
        Assert.True((await GetAsync(cache, "m")).FromCache);
        Assert.Equal(3, storage.Reads);
    }

    [Fact]
    public async Task BeginChange_WhileAReadIsInFlight_ThatReadIsNotKept()
    {
        var cache = NewCache();
        storage.Set("m", "v1");
        var gate = storage.Hold();
        var early = GetAsync(cache, "m");

        using (cache.BeginChange("m"))
        {
            storage.Set("m", "v2");
        }

        gate.SetResult();
        Assert.Equal("v1", (await early).Require().Version);
        var next = await GetAsync(cache, "m");
        Assert.Equal("v2", next.Require().Version);
        Assert.False(next.FromCache);
    }

    [Fact]
    public async Task Get_ConcurrentMisses_ShareOneStorageRead()
    {
        var cache = NewCache();
        storage.Set("m", "v1");
        var gate = storage.Hold();

        var lookups = Enumerable.Range(0, 20).Select(_ => GetAsync(cache, "m")).ToList();
        gate.SetResult();
        var answers = await Task.WhenAll(lookups);

        Assert.Equal(1, storage.Reads);
        Assert.All(answers, a => Assert.Equal("v1", a.Require().Version));
        Assert.Single(answers, a => !a.FromCache);
    }

    [Fact]
    public async Task Get_CancelledWaiter_DoesNotCancelTheSharedRead()
    {
        var cache = NewCache();
        storage.Set("m", "v1");
        var gate = storage.Hold();
        using var gaveUp = new CancellationTokenSource();
        var first = GetAsync(cache, "m", cancellationToken: gaveUp.Token);
        var second = GetAsync(cache, "m");

        await gaveUp.CancelAsync();
        gate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal("v1", (await second).Require().Version);
        Assert.Equal(1, storage.Reads);
    }

    [Fact]
    public async Task Get_NoCache_ReadsStorageAndRefreshesTheEntry()
    {
        var cache = NewCache();
        storage.Set("m", "v1");
        await GetAsync(cache, "m");
        storage.Set("m", "v2");

        var revalidated = await GetAsync(cache, "m", maxAge: TimeSpan.Zero);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        var plain = await GetAsync(cache, "m");

        Assert.Equal("v2", revalidated.Require().Version);
        Assert.False(revalidated.FromCache);
        Assert.Equal("v2", plain.Require().Version);
        Assert.True(plain.FromCache);
        Assert.Equal(2, storage.Reads);
    }

    [Fact]
    public async Task Get_MaxAgeBelowTheEntrysAge_ReadsStorage()
    {
        var cache = NewCache();
        storage.Set("m", "v1");
        await GetAsync(cache, "m");
        clock.Advance(TimeSpan.FromMilliseconds(700));

        Assert.True((await GetAsync(cache, "m", maxAge: TimeSpan.FromSeconds(5))).FromCache);
        Assert.False((await GetAsync(cache, "m", maxAge: TimeSpan.FromMilliseconds(500))).FromCache);
        Assert.Equal(2, storage.Reads);
    }

    [Fact]
    public async Task Get_NoProductionVersion_IsKeptButAnUnknownModelIsNot()
    {
        var cache = NewCache();
        storage.Set("empty", null);

        await Assert.ThrowsAsync<NoProductionVersionException>(async () => (await GetAsync(cache, "empty")).Require());
        await Assert.ThrowsAsync<NoProductionVersionException>(async () => (await GetAsync(cache, "empty")).Require());
        await Assert.ThrowsAsync<ModelNotFoundException>(async () => (await GetAsync(cache, "ghost")).Require());
        storage.Set("ghost", "v1");
        var created = await GetAsync(cache, "ghost");

        Assert.Equal("v1", created.Require().Version);
        Assert.Equal(3, storage.Reads);
    }

    [Fact]
    public async Task Get_FailedRead_FailsItsWaitersAndIsNotKept()
    {
        var cache = NewCache();
        storage.Set("m", "v1");
        storage.FailNext = true;

        await Assert.ThrowsAsync<TimeoutException>(() => GetAsync(cache, "m"));
        var next = await GetAsync(cache, "m");

        Assert.Equal("v1", next.Require().Version);
        Assert.False(next.FromCache);
    }

    [Fact]
    public async Task Get_MoreModelsThanTheCapacity_KeepsAtMostTheCapacity()
    {
        var cache = NewCache(capacity: 2);
        foreach (var model in new[] { "a", "b", "c" })
        {
            storage.Set(model, "v1");
            await GetAsync(cache, model);
        }

        Assert.Equal(2, cache.Count);
        Assert.False((await GetAsync(cache, "c")).FromCache);

        // Once the kept ones have expired, a sweep makes room.
        clock.Advance(Ttl);
        await GetAsync(cache, "c");
        Assert.True((await GetAsync(cache, "c")).FromCache);
        Assert.True(cache.Count <= 2);
    }

    [Fact]
    public async Task Get_TtlZero_AlwaysReadsStorage()
    {
        var cache = NewCache(ttl: TimeSpan.Zero);
        storage.Set("m", "v1");

        await GetAsync(cache, "m");
        var second = await GetAsync(cache, "m");

        Assert.False(second.FromCache);
        Assert.Equal(2, storage.Reads);
        Assert.Equal(0, cache.Count);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(61)]
    public void Create_TtlOutOfBounds_IsRefused(int seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NewCache(ttl: TimeSpan.FromSeconds(seconds)));

    private ProductionCache NewCache(TimeSpan? ttl = null, int capacity = 100) =>
        new(new ProductionCacheOptions { Ttl = ttl ?? Ttl, Capacity = capacity }, clock);

    private Task<ServedProduction> GetAsync(ProductionCache cache, string model, TimeSpan? maxAge = null, CancellationToken cancellationToken = default) =>
        cache.GetAsync(model, maxAge, ct => storage.FindModelAsync(model, ct), cancellationToken);

    private sealed class HandClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }

    // The model rows a test sets, read as the registry's point read would; a read may be held to overlap lookups.
    private sealed class Storage
    {
        private readonly Dictionary<string, RegisteredModel> rows = [];
        private TaskCompletionSource? held;
        private int reads;

        public int Reads => reads;

        public bool FailNext { get; set; }

        public void Set(string model, string? production) => rows[model] = new RegisteredModel
        {
            Name = model,
            CreatedAt = Start,
            Production = production is null ? null : new ProductionPointer(production, $"{model}/{production}/model.onnx", new string('a', 64), Start, 1),
        };

        public TaskCompletionSource Hold() => held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<RegisteredModel?> FindModelAsync(string model, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref reads);
            // The row as it was when the read began.
            var row = rows.GetValueOrDefault(model);
            if (held is { } wait)
            {
                await wait.Task.WaitAsync(cancellationToken);
            }

            if (FailNext)
            {
                FailNext = false;
                throw new TimeoutException("storage did not answer");
            }

            return row;
        }
    }
}
