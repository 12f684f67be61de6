using Pipeline.Core.Policies;
using Pipeline.Core.Registry;
using Pipeline.Core.Retention;

namespace Pipeline.Core.Tests.Retention;

public sealed class RetentionPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static ArchiveMarker Archived(string version, double daysAgo, bool pending = false) =>
        new("m", version, Now.AddDays(-daysAgo), pending);

    [Fact]
    public void SelectForPurge_KeepsNewestNAndPurgesOlderThanDaysBeyondThem()
    {
        var markers = new[] { Archived("v1", 50), Archived("v2", 40), Archived("v3", 35), Archived("v4", 31), Archived("v5", 2) };

        var selected = RetentionPlanner.SelectForPurge(markers, new EffectiveRetention(2, 30, PurgeMode.Delete), Now);

        // Newest two (v5, v4) kept; of v3, v2, v1 all left production more than 30 days ago.
        Assert.Equal(["v3", "v2", "v1"], selected.Select(m => m.Version));
    }

    [Fact]
    public void SelectForPurge_BeyondKeepButInsideWindow_IsKept()
    {
        var markers = new[] { Archived("v1", 29.9), Archived("v2", 10), Archived("v3", 5) };

        var selected = RetentionPlanner.SelectForPurge(markers, new EffectiveRetention(1, 30, PurgeMode.Delete), Now);

        Assert.Empty(selected);
    }

    [Fact]
    public void SelectForPurge_ExactlyAtTheBoundary_IsKept()
    {
        var markers = new[] { Archived("v1", 30), Archived("v2", 1) };

        Assert.Empty(RetentionPlanner.SelectForPurge(markers, new EffectiveRetention(1, 30, PurgeMode.Delete), Now));
    }

    [Fact]
    public void SelectForPurge_PendingMarkers_AreNotCandidatesAndDoNotCountAsKept()
    {
        var markers = new[] { Archived("v1", 90, pending: true), Archived("v2", 80), Archived("v3", 70) };

        var selected = RetentionPlanner.SelectForPurge(markers, new EffectiveRetention(1, 30, PurgeMode.Delete), Now);

        Assert.Equal(["v2"], selected.Select(m => m.Version));
    }

    [Fact]
    public void SelectForPurge_KeepZero_PurgesEverythingOutsideTheWindow()
    {
        var markers = new[] { Archived("v1", 90), Archived("v2", 3) };

        var selected = RetentionPlanner.SelectForPurge(markers, new EffectiveRetention(0, 30, PurgeMode.Delete), Now);

        Assert.Equal(["v1"], selected.Select(m => m.Version));
    }

    [Fact]
    public void Defaults_For_PolicyOverridesOnlyWhatItSets()
    {
        var defaults = new RetentionDefaults { KeepArchived = 3, ArchivedDays = 30, PurgeMode = PurgeMode.Delete };

        Assert.Equal(new EffectiveRetention(3, 30, PurgeMode.Delete), defaults.For(null));
        Assert.Equal(new EffectiveRetention(1, 30, PurgeMode.ArchiveTier), defaults.For(new RetentionPolicy(1, null, PurgeMode.ArchiveTier)));
    }
}
