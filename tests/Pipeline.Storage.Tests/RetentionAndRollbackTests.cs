using Azure.Storage.Blobs.Models;
using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;
using Pipeline.Core.Retention;
using Pipeline.Core.Staging;
using Pipeline.Storage.Blobs;
using Pipeline.Storage.Tables;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>Archive retention, rollback and time travel on Azurite, with a clock the tests set.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RetentionAndRollbackTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TestClock clock = new(Day0);
    private readonly AzuriteFixture azurite;
    private readonly RegistryHarness registry;
    private readonly TableRegistryStore store;
    private readonly BlobArtifactStore artifacts;
    private readonly TablePolicyStore policies;

    public RetentionAndRollbackTests(AzuriteFixture azurite)
    {
        this.azurite = azurite;
        registry = new RegistryHarness(azurite, clock);
        (store, artifacts, policies) = (registry.Store, registry.Artifacts, registry.Policies);
    }

    private ProductionSwitch Production => registry.Production;

    private ArchiveCleanup Cleanup(int maxPurges = 100) => new(
        store, artifacts, policies, new RetentionDefaults { KeepArchived = 3, ArchivedDays = 30, MaxPurgesPerRun = maxPurges }, clock);

    [Fact]
    public async Task Cleanup_BeyondKeepAndOlderThanDays_PurgesBlobsMarksRowsKeepsHistory()
    {
        var model = await PromoteSeriesAsync(6);
        clock.Set(Day0.AddDays(40));

        var report = await Cleanup().RunAsync(CancellationToken.None);

        Assert.Equal(["v1", "v2"], report.Purged.Where(p => p.Model == model).Select(p => p.Version).Order());
        foreach (var purged in new[] { "v1", "v2" })
        {
            var version = await store.FindVersionAsync(model, purged, CancellationToken.None);
            Assert.NotNull(version!.PurgedAt);
            Assert.Equal(VersionState.Archived, version.State);
            Assert.False(await VaultCopyExistsAsync(version));
        }

        foreach (var kept in new[] { "v3", "v4", "v5", "v6" })
        {
            var version = await store.FindVersionAsync(model, kept, CancellationToken.None);
            Assert.Null(version!.PurgedAt);
            Assert.True(await VaultCopyExistsAsync(version));
        }

        var history = await store.ListHistoryAsync(model, 1000, CancellationToken.None);
        Assert.Equal(2, history.Count(h => h.Action == HistoryAction.Purged));
        Assert.Equal(6, history.Count(h => h.Action == HistoryAction.Registered));
    }

    [Fact]
    public async Task Cleanup_PurgedVersionSharesBytesWithAKeptOne_KeepsTheSharedVaultCopy()
    {
        var model = TestUploads.NewModelName("ret");
        for (var i = 1; i <= 5; i++)
        {
            clock.Set(Day0.AddDays(i - 1));
            // v1 and v5 are the same bytes: one vault copy serves both.
            var key = await RegisterAndTestAsync(model, $"v{i}", i == 5 ? 1 : i);
            Assert.Equal(VersionState.Production, (await registry.ApproveAndPromoteAsync(key, "approver")).State);
        }

        clock.Set(Day0.AddDays(40));

        var report = await Cleanup().RunAsync(CancellationToken.None);

        Assert.Contains(report.Purged, p => p.Model == model && p.Version == "v1");
        var v1 = await store.FindVersionAsync(model, "v1", CancellationToken.None);
        var v5 = await store.FindVersionAsync(model, "v5", CancellationToken.None);
        Assert.NotNull(v1!.PurgedAt);
        Assert.Equal(v1.VaultPath, v5!.VaultPath);
        Assert.True(await VaultCopyExistsAsync(v5));
    }

    [Fact]
    public async Task Cleanup_ArchivedWithinTheWindow_IsKeptEvenBeyondKeepCount()
    {
        var model = await PromoteSeriesAsync(6);
        clock.Set(Day0.AddDays(20));

        var report = await Cleanup().RunAsync(CancellationToken.None);

        Assert.DoesNotContain(report.Purged, p => p.Model == model);
    }

    [Fact]
    public async Task Cleanup_PolicyArchiveTier_MovesBlobToArchiveTierInsteadOfDeleting()
    {
        var model = await PromoteSeriesAsync(3);
        await new ModelPolicies(policies, clock).ReplaceAsync(
            model, "{\"retention\": {\"keepArchived\": 1, \"archivedDays\": 10, \"purgeMode\": \"archiveTier\"}}", TestCallers.Named("owner"), CancellationToken.None);
        clock.Set(Day0.AddDays(40));

        var report = await Cleanup().RunAsync(CancellationToken.None);

        var purged = Assert.Single(report.Purged, p => p.Model == model);
        Assert.Equal("v1", purged.Version);
        Assert.Equal(PurgeMode.ArchiveTier, purged.Mode);
        var v1 = await store.FindVersionAsync(model, "v1", CancellationToken.None);
        var blob = azurite.Blobs.GetBlobContainerClient("vault").GetBlobClient(v1!.VaultPath);
        BlobProperties properties = await blob.GetPropertiesAsync();
        Assert.Equal(AccessTier.Archive.ToString(), properties.AccessTier);
    }

    [Fact]
    public async Task Cleanup_KilledBetweenMarkingAndDeleting_NextRunFinishesIt()
    {
        var model = await PromoteSeriesAsync(5);
        clock.Set(Day0.AddDays(40));
        var v1 = await store.FindVersionAsync(model, "v1", CancellationToken.None);
        // What a run killed after its first write leaves: the row marked, the marker pending, the blob still there.
        await store.SavePurgeDecisionAsync(
            v1! with { PurgedAt = clock.GetUtcNow(), PurgeReason = "Retention (interrupted run).", PurgeMode = PurgeMode.Delete },
            HistoryEntry.ForStateChange(HistoryAction.Purged, v1!, VersionState.Archived, clock.GetUtcNow(), "system", reason: null),
            CancellationToken.None);
        Assert.True(await VaultCopyExistsAsync(v1!));

        var report = await Cleanup().RunAsync(CancellationToken.None);

        Assert.Contains(report.Completed, p => p.Model == model && p.Version == "v1");
        Assert.DoesNotContain(report.Purged, p => p.Model == model && p.Version == "v1");
        Assert.False(await VaultCopyExistsAsync(v1));
        Assert.DoesNotContain(await store.ListArchiveMarkersAsync(model, CancellationToken.None), m => m.Version == "v1");
        var history = await store.ListHistoryAsync(model, 1000, CancellationToken.None);
        Assert.Single(history, h => h.Action == HistoryAction.Purged && h.Version == "v1");
    }

    [Fact]
    public async Task Cleanup_TwoRunsAtOnce_PurgeEachVersionOnce()
    {
        var model = await PromoteSeriesAsync(8);
        clock.Set(Day0.AddDays(60));

        var reports = await Task.WhenAll(
            Task.Run(() => Cleanup().RunAsync(CancellationToken.None)),
            Task.Run(() => Cleanup().RunAsync(CancellationToken.None)));

        var purged = reports.SelectMany(r => r.Purged).Where(p => p.Model == model).Select(p => p.Version).ToList();
        Assert.Equal(["v1", "v2", "v3", "v4"], purged.Order());
        var history = await store.ListHistoryAsync(model, 1000, CancellationToken.None);
        Assert.Equal(4, history.Count(h => h.Action == HistoryAction.Purged));
        var markers = await store.ListArchiveMarkersAsync(model, CancellationToken.None);
        Assert.Equal(["v5", "v6", "v7"], markers.Select(m => m.Version).Order());
        Assert.DoesNotContain(markers, m => m.PurgePending);
    }

    [Fact]
    public async Task Cleanup_WorkBound_LeavesTheRestForTheNextRun()
    {
        var model = await PromoteSeriesAsync(7);
        clock.Set(Day0.AddDays(60));

        var first = await Cleanup(maxPurges: 1).RunAsync(CancellationToken.None);
        var firstForModel = first.Purged.Count(p => p.Model == model);
        var second = await Cleanup().RunAsync(CancellationToken.None);

        Assert.True(firstForModel <= 1);
        Assert.True(first.LeftForNextRun >= 3 - firstForModel);
        Assert.Equal(3, firstForModel + second.Purged.Count(p => p.Model == model));
    }

    [Fact]
    public async Task Rollback_DefaultTarget_RestoresMostRecentlyArchivedAndArchivesCurrent()
    {
        var model = await PromoteSeriesAsync(3);
        clock.Advance(TimeSpan.FromHours(1));

        var restored = await Production.RollbackAsync(model, null, null, "oncall", "v3 misbehaves", CancellationToken.None);

        Assert.Equal("v2", restored.Version);
        Assert.Equal(VersionState.Production, restored.State);
        Assert.Equal(VersionState.Archived, (await store.FindVersionAsync(model, "v3", CancellationToken.None))!.State);
        Assert.Equal("v2", (await store.FindModelAsync(model, CancellationToken.None))!.Production!.Version);
        var history = await store.ListHistoryAsync(model, 10, CancellationToken.None);
        Assert.Equal(HistoryAction.RolledBack, history[0].Action);
        Assert.Equal("oncall", history[0].Actor);
        Assert.Equal("v3 misbehaves", history[0].Reason);
        Assert.Equal(HistoryAction.Archived, history[1].Action);
        Assert.Equal("v3", history[1].Version);
        var markers = await store.ListArchiveMarkersAsync(model, CancellationToken.None);
        Assert.Equal(["v1", "v3"], markers.Select(m => m.Version).Order());
    }

    [Fact]
    public async Task Rollback_ExplicitTarget_RestoresThatVersion()
    {
        var model = await PromoteSeriesAsync(4);

        var restored = await Production.RollbackAsync(model, "v1", null, "oncall", null, CancellationToken.None);

        Assert.Equal("v1", restored.Version);
        Assert.Equal("v1", (await store.FindModelAsync(model, CancellationToken.None))!.Production!.Version);
    }

    [Fact]
    public async Task Rollback_RefusedTargets_ChangeNothing()
    {
        var model = await PromoteSeriesAsync(3);
        await RegisterAndTestAsync(model, "v9", 9);
        clock.Set(Day0.AddDays(90));
        await Cleanup().RunAsync(CancellationToken.None);
        await new ArchiveCleanup(store, artifacts, policies, new RetentionDefaults { KeepArchived = 0, ArchivedDays = 30 }, clock)
            .RunAsync(CancellationToken.None);
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v2/model.onnx", TestUploads.SomeModelBytes(seed: 999));

        await Assert.ThrowsAsync<RollbackRefusedException>(() => Production.RollbackAsync(model, "v1", null, "x", null, CancellationToken.None));
        var never = await Assert.ThrowsAsync<RollbackRefusedException>(() => Production.RollbackAsync(model, "v9", null, "x", null, CancellationToken.None));
        Assert.Contains("never in production", never.Message);
        var current = await Assert.ThrowsAsync<RollbackRefusedException>(() => Production.RollbackAsync(model, "v3", null, "x", null, CancellationToken.None));
        Assert.Contains("already in production", current.Message);
        await Assert.ThrowsAsync<VersionNotFoundException>(() => Production.RollbackAsync(model, "v404", null, "x", null, CancellationToken.None));

        Assert.Equal("v3", (await store.FindModelAsync(model, CancellationToken.None))!.Production!.Version);
        Assert.DoesNotContain(await store.ListHistoryAsync(model, 100, CancellationToken.None), h => h.Action == HistoryAction.RolledBack);
    }

    [Fact]
    public async Task Rollback_UploadOverwrittenAfterTests_RestoresTheTestedBytes()
    {
        var model = await PromoteSeriesAsync(2);
        var tested = await store.FindVersionAsync(model, "v1", CancellationToken.None);
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SomeModelBytes(seed: 4242));

        var restored = await Production.RollbackAsync(model, "v1", null, "x", null, CancellationToken.None);

        Assert.Equal(VersionState.Production, restored.State);
        var pointer = (await store.FindModelAsync(model, CancellationToken.None))!.Production!;
        Assert.Equal(tested!.VaultPath, pointer.VaultPath);
        await using var served = await artifacts.OpenReadAsync(pointer.VaultPath, CancellationToken.None);
        Assert.Equal(tested.Sha256, await ArtifactHasher.ComputeSha256Async(served!, CancellationToken.None));
    }

    [Fact]
    public async Task Rollback_VaultCopyChanged_IsRefused()
    {
        var model = await PromoteSeriesAsync(2);
        var v1 = await store.FindVersionAsync(model, "v1", CancellationToken.None);
        // Only the pipeline writes the vault; this plays someone who got around that.
        await azurite.Blobs.GetBlobContainerClient("vault").GetBlobClient(v1!.VaultPath).UploadAsync(new BinaryData(TestUploads.SomeModelBytes(seed: 4242)), overwrite: true);

        var refused = await Assert.ThrowsAsync<RollbackRefusedException>(() => Production.RollbackAsync(model, "v1", null, "x", null, CancellationToken.None));

        Assert.Contains("changed", refused.Message);
        Assert.Equal("v2", (await store.FindModelAsync(model, CancellationToken.None))!.Production!.Version);
    }

    [Fact]
    public async Task Rollback_RacingAPromotion_LeavesExactlyOneProductionVersion()
    {
        var model = await PromoteSeriesAsync(2);
        var v3 = await RegisterAndTestAsync(model, "v3", 3);

        var rollback = Task.Run(() => Production.RollbackAsync(model, "v1", null, "oncall", "race", CancellationToken.None));
        var promotion = Task.Run(() => registry.ApproveAndPromoteAsync(v3, "approver"));
        await Task.WhenAll(rollback, promotion);

        var versions = await store.ListVersionsAsync(model, CancellationToken.None);
        var production = Assert.Single(versions, v => v.State == VersionState.Production);
        Assert.Equal(production.Version, (await store.FindModelAsync(model, CancellationToken.None))!.Production!.Version);
        Assert.Equal(2, versions.Count(v => v.State == VersionState.Archived));
    }

    [Fact]
    public async Task ProductionAt_AcrossPromotionsAndARollback_AnswersFromHistory()
    {
        var model = await PromoteSeriesAsync(2);
        var queries = new ModelQueries(store);
        clock.Set(Day0.AddDays(10));
        await Production.RollbackAsync(model, "v1", null, "oncall", null, CancellationToken.None);

        Assert.Equal("v1", (await queries.GetProductionAtAsync(model, Day0.AddHours(1), CancellationToken.None)).Version.Version);
        Assert.Equal("v2", (await queries.GetProductionAtAsync(model, Day0.AddDays(1).AddHours(1), CancellationToken.None)).Version.Version);
        var now = await queries.GetProductionAtAsync(model, Day0.AddDays(11), CancellationToken.None);
        Assert.Equal("v1", now.Version.Version);
        Assert.Equal(Day0.AddDays(10), now.Since);
        await Assert.ThrowsAsync<NoProductionVersionException>(() => queries.GetProductionAtAsync(model, Day0.AddDays(-1), CancellationToken.None));
    }

    // Promotes v1..vN of a new model, one a day from Day0: vK becomes production on day K-1 and is archived on day K.
    private async Task<string> PromoteSeriesAsync(int count)
    {
        var model = TestUploads.NewModelName("ret");
        for (var i = 1; i <= count; i++)
        {
            clock.Set(Day0.AddDays(i - 1));
            var key = await RegisterAndTestAsync(model, $"v{i}", i);
            var promoted = await registry.ApproveAndPromoteAsync(key, "approver");
            Assert.Equal(VersionState.Production, promoted.State);
        }

        return model;
    }

    private async Task<ModelVersionKey> RegisterAndTestAsync(string model, string version, int seed)
    {
        var key = await registry.RegisterAsync(model, version, TestUploads.SomeModelBytes(seed: seed));
        Assert.Equal(VersionState.AwaitingApproval, (await registry.TestAsync(key)).State);
        return key;
    }

    private async Task<bool> VaultCopyExistsAsync(ModelVersion version) =>
        (await azurite.Blobs.GetBlobContainerClient("vault").GetBlobClient(version.VaultPath).ExistsAsync()).Value;
}
