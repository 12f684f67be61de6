namespace Pipeline.Testing;

/// <summary>A clock a test sets by hand, for retention windows and time travel.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => now;

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by) => now += by;

    /// <summary>Sets the clock.</summary>
    public void Set(DateTimeOffset to) => now = to;
}
