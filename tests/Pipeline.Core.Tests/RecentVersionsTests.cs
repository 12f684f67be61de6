using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Tests;

public sealed class RecentVersionsTests
{
    [Fact]
    public void Find_AnswersTheRowLastRemembered()
    {
        var recent = new RecentVersions();
        recent.Remember(Row("m", "v1", "t1", VersionState.Registered));
        recent.Remember(Row("m", "v1", "t2", VersionState.Testing));

        Assert.Equal("t2", recent.Find("m", "v1")?.ConcurrencyToken);
        Assert.Null(recent.Find("m", "v2"));
        Assert.Null(recent.Find("n", "v1"));
    }

    [Fact]
    public void Remember_OfARowWithoutItsToken_DropsTheOneKept()
    {
        var recent = new RecentVersions();
        recent.Remember(Row("m", "v1", "t1", VersionState.Registered));

        // A write whose answer gave no token: what was kept is older than the table's row.
        recent.Remember(Row("m", "v1", null, VersionState.Testing));

        Assert.Null(recent.Find("m", "v1"));
    }

    [Fact]
    public void Remember_BeyondTheCapacity_StartsAfresh()
    {
        var recent = new RecentVersions(capacity: 2);
        recent.Remember(Row("m", "v1", "t1", VersionState.Registered));
        recent.Remember(Row("m", "v2", "t1", VersionState.Registered));
        // A row kept already is replaced, not counted again.
        recent.Remember(Row("m", "v2", "t2", VersionState.Testing));
        Assert.NotNull(recent.Find("m", "v1"));

        recent.Remember(Row("m", "v3", "t1", VersionState.Registered));

        Assert.Null(recent.Find("m", "v1"));
        Assert.Null(recent.Find("m", "v2"));
        Assert.Equal("t1", recent.Find("m", "v3")?.ConcurrencyToken);
    }

    private static ModelVersion Row(string model, string version, string? token, VersionState state) => Rows.Version(model, version, state, token: token);
}
