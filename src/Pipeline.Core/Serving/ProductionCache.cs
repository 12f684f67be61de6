using System.Collections.Concurrent;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Serving;

/// <summary>
/// One node's memory of its models' production pointers, for the serving lookup: storage (a few hundred point reads a
/// second on Azurite) is read at most once per model per <see cref="ProductionCacheOptions.Ttl"/>, and concurrent
/// misses for a model share that one read.
/// </summary>
/// <remarks>
/// <para>The staleness bound: an answer is what storage held at some instant no earlier than <c>Ttl</c> before it is
/// given (the instant its read began). A model that exists without a production version is kept the same way; a model
/// that does not exist is never kept (it can appear at any time, and the registry does not tell this cache).</para>
/// <para>Read your writes on this node: a change of the pointer made through <see cref="BeginChange"/> drops the entry,
/// and until the change ends every lookup of that model reads storage and keeps nothing, so from the moment storage
/// holds the new pointer this node serves it. Other nodes see it within their <c>Ttl</c>.</para>
/// <para>Bounded: at most <see cref="ProductionCacheOptions.Capacity"/> models; when full, expired entries are swept
/// (at most once per <c>Ttl</c>) and a lookup that still finds no room reads storage without keeping the answer.</para>
/// </remarks>
public sealed class ProductionCache
{
    private readonly ConcurrentDictionary<string, Slot> slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> changing = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly TimeProvider clock;
    private readonly int capacity;
    private DateTimeOffset lastSweep = DateTimeOffset.MinValue;

    /// <summary>Creates an empty cache.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The TTL is negative or above <see cref="ProductionCacheOptions.MaxTtl"/>, or the capacity is not positive.</exception>
    public ProductionCache(ProductionCacheOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Ttl, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Ttl, ProductionCacheOptions.MaxTtl);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Capacity);
        this.clock = clock;
        Ttl = options.Ttl;
        capacity = options.Capacity;
    }

    /// <summary>A cache that keeps nothing: every lookup reads storage.</summary>
    public static ProductionCache Disabled { get; } = new(new ProductionCacheOptions { Ttl = TimeSpan.Zero }, TimeProvider.System);

    /// <summary>The staleness bound; zero when the cache is off.</summary>
    public TimeSpan Ttl { get; }

    /// <summary>How many models are held now (expired ones included until swept).</summary>
    public int Count => slots.Count;

    /// <summary>
    /// The production pointer of <paramref name="model"/>, from memory when an answer no older than the bound (and
    /// than <paramref name="maxAge"/>) is held, else from <paramref name="read"/>, shared with concurrent lookups.
    /// </summary>
    /// <param name="model">The model (already validated).</param>
    /// <param name="maxAge">The oldest answer the caller accepts (a request's <c>max-age</c>); zero reads storage
    /// (<c>no-cache</c>), null accepts anything within the bound.</param>
    /// <param name="read">One point read of the model's row. A shared read is not cancelled by one caller giving up.</param>
    /// <param name="cancellationToken">Stops this caller's wait.</param>
    public async Task<ServedProduction> GetAsync(
        string model, TimeSpan? maxAge, Func<CancellationToken, Task<RegisteredModel?>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var arrival = clock.GetUtcNow();
        var acceptable = maxAge is { } asked && asked < Ttl ? (asked < TimeSpan.Zero ? TimeSpan.Zero : asked) : Ttl;
        if (Ttl == TimeSpan.Zero)
        {
            return Served(model, await ReadAsync(read, cancellationToken), arrival, fromCache: false);
        }

        // The hot path takes no lock: a completed, fresh answer for a model that exists.
        if (slots.TryGetValue(model, out var held) && held.Read.IsCompletedSuccessfully && held.Read.Result.ModelExists
            && IsFreshEnough(held, arrival, acceptable))
        {
            return Served(model, held, clock.GetUtcNow(), fromCache: true);
        }

        Slot? joined = null;
        Slot? started = null;
        lock (gate)
        {
            if (slots.TryGetValue(model, out held) && IsFreshEnough(held, arrival, acceptable)
                && (!held.Read.IsCompleted || held.Read is { IsCompletedSuccessfully: true, Result.ModelExists: true }))
            {
                joined = held;
            }
            else if (!changing.ContainsKey(model) && HasRoom(model, arrival))
            {
                started = new Slot(clock.GetUtcNow());
                slots[model] = started;
            }
        }

        if (joined is not null)
        {
            var answer = await joined.Read.WaitAsync(cancellationToken);
            return Served(model, answer, joined.ReadAt, clock.GetUtcNow(), fromCache: true);
        }

        if (started is null)
        {
            // A change of this model is under way on this node, or there is no room: read alone and keep nothing.
            return Served(model, await ReadAsync(read, cancellationToken), clock.GetUtcNow(), fromCache: false);
        }

        _ = FillAsync(model, started, read);
        var fresh = await started.Read.WaitAsync(cancellationToken);
        return Served(model, fresh, started.ReadAt, clock.GetUtcNow(), fromCache: false);
    }

    /// <summary>
    /// Marks a change of <paramref name="model"/>'s production pointer by this node: its entry is dropped now and when
    /// the returned scope is disposed, and lookups in between read storage and keep nothing. Dispose it once the
    /// write has succeeded or failed.
    /// </summary>
    public IDisposable BeginChange(string model)
    {
        lock (gate)
        {
            changing[model] = changing.GetValueOrDefault(model) + 1;
            slots.TryRemove(model, out _);
        }

        return new Change(this, model);
    }

    private void EndChange(string model)
    {
        lock (gate)
        {
            var left = changing.GetValueOrDefault(model) - 1;
            if (left > 0)
            {
                changing[model] = left;
            }
            else
            {
                changing.Remove(model);
            }

            slots.TryRemove(model, out _);
        }
    }

    // An entry is usable when its read began less than the accepted age before this request arrived; with no age
    // accepted (no-cache), never: the request starts its own read, which then refreshes the entry.
    private static bool IsFreshEnough(Slot slot, DateTimeOffset arrival, TimeSpan acceptable) =>
        acceptable > TimeSpan.Zero && slot.ReadAt > arrival - acceptable;

    // Called under the gate.
    private bool HasRoom(string model, DateTimeOffset now)
    {
        if (slots.ContainsKey(model) || slots.Count < capacity)
        {
            return true;
        }

        if (now - lastSweep < Ttl)
        {
            return false;
        }

        lastSweep = now;
        foreach (var (name, slot) in slots)
        {
            if (slot.Read.IsCompleted && now - slot.ReadAt >= Ttl)
            {
                slots.TryRemove(new KeyValuePair<string, Slot>(name, slot));
            }
        }

        return slots.Count < capacity;
    }

    private async Task FillAsync(string model, Slot slot, Func<CancellationToken, Task<RegisteredModel?>> read)
    {
        try
        {
            // Not the first caller's token: the others waiting on this read must not see its cancellation.
            var found = await ReadAsync(read, CancellationToken.None);
            slot.Complete(found);
            if (!found.ModelExists)
            {
                slots.TryRemove(new KeyValuePair<string, Slot>(model, slot));
            }
        }
        catch (Exception e)
        {
            // A failed read is every waiter's failure, and is not kept.
            slots.TryRemove(new KeyValuePair<string, Slot>(model, slot));
            slot.Fail(e);
        }
    }

    private static async Task<ProductionState> ReadAsync(Func<CancellationToken, Task<RegisteredModel?>> read, CancellationToken cancellationToken)
    {
        var found = await read(cancellationToken);
        return new ProductionState(found is not null, found?.Production);
    }

    private ServedProduction Served(string model, ProductionState state, DateTimeOffset readAt, bool fromCache) =>
        new(model, state.Pointer, state.ModelExists, readAt, TimeSpan.Zero, fromCache, Ttl);

    private ServedProduction Served(string model, ProductionState state, DateTimeOffset readAt, DateTimeOffset now, bool fromCache) =>
        new(model, state.Pointer, state.ModelExists, readAt, fromCache && now > readAt ? now - readAt : TimeSpan.Zero, fromCache, Ttl);

    private ServedProduction Served(string model, Slot slot, DateTimeOffset now, bool fromCache) =>
        Served(model, slot.Read.Result, slot.ReadAt, now, fromCache);

    private sealed record ProductionState(bool ModelExists, ProductionPointer? Pointer);

    private sealed class Slot(DateTimeOffset readAt)
    {
        private readonly TaskCompletionSource<ProductionState> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DateTimeOffset ReadAt { get; } = readAt;

        public Task<ProductionState> Read => completion.Task;

        public void Complete(ProductionState state) => completion.SetResult(state);

        public void Fail(Exception error) => completion.SetException(error);
    }

    private sealed class Change(ProductionCache cache, string model) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                cache.EndChange(model);
            }
        }
    }
}
