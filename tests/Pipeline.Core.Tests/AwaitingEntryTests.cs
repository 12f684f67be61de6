using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Tests;

public sealed class AwaitingEntryTests
{
    private static readonly AwaitingEntry Round2 = new("m", "v1", 2, DateTimeOffset.UnixEpoch.AddDays(7), DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData(VersionState.AwaitingApproval, 2, true, false)]
    // Still in the round's tests: the write that lists it may be committing, so it is neither shown nor forgotten.
    [InlineData(VersionState.Testing, 2, false, false)]
    [InlineData(VersionState.Production, 2, false, true)]
    [InlineData(VersionState.Rejected, 2, false, true)]
    [InlineData(VersionState.ApprovalExpired, 2, false, true)]
    [InlineData(VersionState.TestsFailed, 2, false, true)]
    // A later round: this one is over, whatever the later one's state.
    [InlineData(VersionState.AwaitingApproval, 3, false, true)]
    [InlineData(VersionState.Testing, 3, false, true)]
    // An earlier round than the listing's cannot be read after it; it is left alone.
    [InlineData(VersionState.AwaitingApproval, 1, false, false)]
    public void Entry_JudgedByTheVersionAsReadNow(VersionState state, int attempt, bool awaits, bool stale)
    {
        var version = Rows.Version("m", "v1", state, attempt);

        Assert.Equal(awaits, Round2.StillAwaits(version));
        Assert.Equal(stale, Round2.IsStale(version));
    }

    [Fact]
    public void Entry_OfAVersionGone_IsStale()
    {
        Assert.False(Round2.StillAwaits(null));
        Assert.True(Round2.IsStale(null));
    }
}
