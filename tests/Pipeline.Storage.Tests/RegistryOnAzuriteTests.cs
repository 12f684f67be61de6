using Azure.Storage.Blobs;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Core.Staging;
using Pipeline.Storage.Blobs;
using Pipeline.Storage.Tables;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class RegistryOnAzuriteTests(AzuriteFixture azurite)
{
    private readonly RegistryHarness registry = new(azurite, TimeProvider.System);
    private readonly TableRegistryStore store = new(azurite.Tables);

    private VersionRegistration Registration => registry.Registration;

    private ProductionSwitch Production => registry.Production;

    [Fact]
    public async Task Register_DuplicateEvent_ChangesNothing()
    {
        var model = TestUploads.NewModelName();
        var path = ArtifactPath.Parse($"{model}/v1/model.onnx");
        await TestUploads.UploadAsync(azurite.Blobs, path.BlobName, TestUploads.SomeModelBytes(), new Dictionary<string, string> { ["uploadedby"] = "alice" });

        var first = await Registration.RegisterAsync(path, CancellationToken.None);
        var second = await Registration.RegisterAsync(path, CancellationToken.None);

        Assert.Equal(RegistrationOutcome.Registered, first.Outcome);
        Assert.Equal(RegistrationOutcome.AlreadyRegistered, second.Outcome);
        var history = await store.ListHistoryAsync(model, 100, CancellationToken.None);
        var entry = Assert.Single(history);
        Assert.Equal(HistoryAction.Registered, entry.Action);
        Assert.Equal("alice", entry.Actor);
        var version = await store.FindVersionAsync(model, "v1", CancellationToken.None);
        Assert.Equal(VersionState.Registered, version!.State);
        Assert.Equal(4096, version.SizeBytes);
        Assert.Equal("alice", version.Metadata["uploadedby"]);
        // The version the registration returns is the row as read, its ETag included (a guarded write can use it).
        Assert.Equal(version.ConcurrencyToken, first.Version!.ConcurrencyToken);
        Assert.Equal(Json(version), Json(first.Version));
    }

    private static string Json(ModelVersion version) => System.Text.Json.JsonSerializer.Serialize(version);

    [Fact]
    public async Task Register_NewUpload_ReadsTheFolderListingAndEachRowItNeedsOnce()
    {
        var model = TestUploads.NewModelName();
        var path = ArtifactPath.Parse($"{model}/v1/model.onnx");
        await TestUploads.UploadAsync(azurite.Blobs, path.BlobName, TestUploads.SomeModelBytes(), new Dictionary<string, string> { ["uploadedby"] = "carol" });
        var uploaded = (await azurite.Blobs.GetBlobContainerClient(StorageNames.ModelsContainer).GetBlobClient(path.BlobName).GetPropertiesAsync()).Value;
        var blobRequests = new StorageRequestRecorder();
        var tableRequests = new StorageRequestRecorder();
        var tables = tableRequests.Tables(azurite);
        var artifacts = new BlobArtifactStore(blobRequests.Blobs(azurite));
        var verification = new Core.Uploads.UploadVerification(new TableUploadIntentStore(tables), new TablePolicyStore(tables));
        var registration = new VersionRegistration(new TableRegistryStore(tables), artifacts, TimeProvider.System, verification);

        var registered = await registration.RegisterAsync(path, CancellationToken.None);

        Assert.Equal(RegistrationOutcome.Registered, registered.Outcome);
        // One listing of the version's folder answers the blob's length, ETag and metadata: nothing else is read.
        Assert.Equal(["GET list"], blobRequests.Requests);
        // The version's row is not read first: its add is refused when it exists. The intent, the policy and the model
        // row are read once each.
        var reads = tableRequests.Requests.Where(r => r.StartsWith("GET row ", StringComparison.Ordinal)).Order();
        Assert.Equal(["GET row i_v1", "GET row model", "GET row policy"], reads);
        Assert.Contains("POST $batch", tableRequests.Requests);
        Assert.Equal(uploaded.ETag.ToString(), registered.Version!.BlobETag);
        Assert.Equal(uploaded.ContentLength, registered.Version.SizeBytes);
        Assert.Equal("carol", registered.Version.UploadedBy!.Name);
        Assert.False(registered.Version.UploadedBy.Verified);
    }

    [Fact]
    public async Task SettledUntil_LeavesAnUploadToItsRegistrationUntilTheGracePassesAndForGoodOnceItsRoundBegan()
    {
        var model = TestUploads.NewModelName();
        var path = ArtifactPath.Parse($"{model}/v1/model.onnx");
        await TestUploads.UploadAsync(azurite.Blobs, path.BlobName, TestUploads.SomeModelBytes());
        var etag = (await azurite.Blobs.GetBlobContainerClient(StorageNames.ModelsContainer).GetBlobClient(path.BlobName).GetPropertiesAsync()).Value.ETag.ToString();
        var grace = TimeSpan.FromSeconds(30);

        // Not registered yet: a watcher hands it on.
        Assert.Null(await Registration.SettledUntilAsync(path, etag, grace, CancellationToken.None));

        var registered = (await Registration.RegisterAsync(path, CancellationToken.None)).Version!;
        // Registered, its round not begun: left to whoever registered it until the grace after its registration.
        Assert.Equal(registered.RegisteredAt + grace, await Registration.SettledUntilAsync(path, etag, grace, CancellationToken.None));
        Assert.Null(await Registration.SettledUntilAsync(path, etag, TimeSpan.Zero, CancellationToken.None));
        // Another ETag is another upload (overwritten): handed on.
        Assert.Null(await Registration.SettledUntilAsync(path, "\"0x1\"", grace, CancellationToken.None));

        Assert.True(await registry.Rounds.BeginTestsAsync(path.Key, 1, "test:settled", CancellationToken.None));
        Assert.Equal(DateTimeOffset.MaxValue, await Registration.SettledUntilAsync(path, etag, TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task Register_LaterFileHandledFirst_RegistersTheFileCreatedFirst()
    {
        // extra.bin sorts before model.onnx, and its event is handled first; model.onnx was uploaded first.
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SomeModelBytes());
        // Creation times are kept to the second; within one second, the first by name is taken.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/extra.bin", TestUploads.SomeModelBytes(seed: 2));

        var later = await Registration.RegisterAsync(ArtifactPath.Parse($"{model}/v1/extra.bin"), CancellationToken.None);
        var first = await Registration.RegisterAsync(ArtifactPath.Parse($"{model}/v1/model.onnx"), CancellationToken.None);

        Assert.Equal(RegistrationOutcome.OtherArtifactInVersion, later.Outcome);
        Assert.Equal(RegistrationOutcome.AlreadyRegistered, first.Outcome);
        var version = await store.FindVersionAsync(model, "v1", CancellationToken.None);
        Assert.Equal($"{model}/v1/model.onnx", version!.ArtifactPath);
        Assert.Single(await store.ListHistoryAsync(model, 100, CancellationToken.None));
    }

    [Fact]
    public async Task StagingTests_UploadDeletedAfterTests_PromotionUsesTheVaultCopy()
    {
        var model = TestUploads.NewModelName();
        var key = await RegisterAsync(model, "v1", TestUploads.SomeModelBytes());
        var tested = await TestAsync(key);
        await azurite.Blobs.GetBlobContainerClient("models").GetBlobClient($"{model}/v1/model.onnx").DeleteAsync();

        var promoted = await registry.ApproveAndPromoteAsync(key, "bob");

        Assert.Equal(VersionState.Production, promoted.State);
        Assert.Equal(tested.VaultPath, promoted.VaultPath);
        Assert.True((await azurite.Blobs.GetBlobContainerClient("vault").GetBlobClient(tested.VaultPath).ExistsAsync()).Value);
    }

    [Fact]
    public async Task Register_SecondFileInSameVersion_IsNotRegisteredAndKeepsTheFirst()
    {
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SomeModelBytes());
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/other.onnx", TestUploads.SomeModelBytes(seed: 2));

        await Registration.RegisterAsync(ArtifactPath.Parse($"{model}/v1/model.onnx"), CancellationToken.None);
        var second = await Registration.RegisterAsync(ArtifactPath.Parse($"{model}/v1/other.onnx"), CancellationToken.None);

        Assert.Equal(RegistrationOutcome.OtherArtifactInVersion, second.Outcome);
        var version = await store.FindVersionAsync(model, "v1", CancellationToken.None);
        Assert.Equal($"{model}/v1/model.onnx", version!.ArtifactPath);
        Assert.Single(await store.ListHistoryAsync(model, 100, CancellationToken.None));
    }

    [Fact]
    public async Task StagingTests_EmptyArtifact_FailsIntegrityWithReason()
    {
        var model = TestUploads.NewModelName();
        var key = await RegisterAsync(model, "v1", []);

        var state = await TestAsync(key);

        Assert.Equal(VersionState.TestsFailed, state.State);
        Assert.Contains("empty", state.StateReason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(CheckOutcome.Failed, Assert.Single(state.TestResults).Outcome);
        Assert.Empty(await VaultCopiesAsync(model));
    }

    [Fact]
    public async Task StagingTests_OversizeArtifact_FailsIntegrityWithReason()
    {
        var model = TestUploads.NewModelName();
        var key = await RegisterAsync(model, "v1", TestUploads.SomeModelBytes(2048));

        var state = await TestAsync(key, maxBytes: 1024);

        Assert.Equal(VersionState.TestsFailed, state.State);
        Assert.Contains("limit is 1024", state.StateReason);
        Assert.Empty(await VaultCopiesAsync(model));
    }

    [Theory]
    [InlineData(false, "overwritten after it was registered")]
    [InlineData(true, "no longer exists")]
    public async Task StagingTests_UploadOverwrittenOrDeletedBeforeTheTests_FailsIntegrityWithWhichAndCopiesNothing(bool delete, string reason)
    {
        var model = TestUploads.NewModelName();
        var key = await RegisterAsync(model, "v1", TestUploads.SomeModelBytes(seed: 1));
        var upload = azurite.Blobs.GetBlobContainerClient("models").GetBlobClient($"{model}/v1/model.onnx");
        if (delete)
        {
            await upload.DeleteAsync();
        }
        else
        {
            await TestUploads.UploadAsync(azurite.Blobs, upload.Name, TestUploads.SomeModelBytes(seed: 2));
        }

        var state = await TestAsync(key);

        Assert.Equal(VersionState.TestsFailed, state.State);
        Assert.Contains(reason, state.StateReason, StringComparison.Ordinal);
        Assert.Null(state.VaultPath);
        Assert.Empty(await VaultCopiesAsync(model));
    }

    [Fact]
    public async Task StagingTests_GoodArtifact_RecordsHashAndAwaitsApproval()
    {
        var model = TestUploads.NewModelName();
        var bytes = TestUploads.SomeModelBytes();
        var key = await RegisterAsync(model, "v1", bytes);

        var state = await TestAsync(key);

        Assert.Equal(VersionState.AwaitingApproval, state.State);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), state.Sha256);
        Assert.Equal(CheckOutcome.Passed, Assert.Single(state.TestResults).Outcome);
    }

    [Fact]
    public async Task Promote_UploadOverwrittenAfterTests_PromotesAndServesTheTestedBytes()
    {
        var model = TestUploads.NewModelName();
        var bytes = TestUploads.SomeModelBytes();
        var key = await RegisterAsync(model, "v1", bytes);
        var tested = await TestAsync(key);
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SomeModelBytes(seed: 99));

        var result = await registry.ApproveAndPromoteAsync(key, "bob", "ship it");

        Assert.Equal(VersionState.Production, result.State);
        var pointer = (await store.FindModelAsync(model, CancellationToken.None))!.Production!;
        Assert.Equal($"{model}/{tested.Sha256}", pointer.VaultPath);
        var served = await azurite.Blobs.GetBlobContainerClient("vault").GetBlobClient(pointer.VaultPath).DownloadContentAsync();
        Assert.Equal(bytes, served.Value.Content.ToArray());
    }

    [Fact]
    public async Task Promote_VaultCopyChangedAfterTests_IsRefusedAndNothingIsPromoted()
    {
        var model = TestUploads.NewModelName();
        var key = await RegisterAsync(model, "v1", TestUploads.SomeModelBytes());
        var tested = await TestAsync(key);
        // Only the pipeline writes the vault; this plays someone who got around that.
        await azurite.Blobs.GetBlobContainerClient("vault").GetBlobClient(tested.VaultPath).UploadAsync(new BinaryData(TestUploads.SomeModelBytes(seed: 99)), overwrite: true);

        var result = await registry.ApproveAndPromoteAsync(key, "bob", "ship it");

        Assert.Equal(VersionState.TestsFailed, result.State);
        Assert.Contains("changed after it was tested", result.StateReason);
        var stored = await store.FindModelAsync(model, CancellationToken.None);
        Assert.Null(stored!.Production);
        var history = await store.ListHistoryAsync(model, 100, CancellationToken.None);
        Assert.Equal(HistoryAction.PromotionRefused, history[0].Action);
        Assert.Equal("bob", history[0].Actor);
    }

    [Fact]
    public async Task Promote_Repeated_PromotesOnceAndArchivesPreviousOnce()
    {
        var model = TestUploads.NewModelName();
        var v1 = await RegisterAsync(model, "v1", TestUploads.SomeModelBytes(seed: 1));
        var v2 = await RegisterAsync(model, "v2", TestUploads.SomeModelBytes(seed: 2));
        await TestAsync(v1);
        await TestAsync(v2);

        await registry.ApproveAndPromoteAsync(v1, "carol");
        await registry.ApproveAndPromoteAsync(v2, "carol");
        await registry.ApproveAndPromoteAsync(v2, "carol");
        await registry.ApproveAndPromoteAsync(v1, "carol");

        var versions = await store.ListVersionsAsync(model, CancellationToken.None);
        Assert.Equal(VersionState.Archived, versions.Single(v => v.Version == "v1").State);
        Assert.Equal(VersionState.Production, versions.Single(v => v.Version == "v2").State);
        var history = await store.ListHistoryAsync(model, 100, CancellationToken.None);
        Assert.Equal(2, history.Count(h => h.Action == HistoryAction.Promoted));
        Assert.Single(history, h => h.Action == HistoryAction.Archived && h.Version == "v1");
        Assert.Equal("v2", (await store.FindModelAsync(model, CancellationToken.None))!.Production!.Version);
    }

    [Fact]
    public async Task Promote_RacingPromotions_LeaveExactlyOneProductionAndArchiveEachReplacedOnce()
    {
        var model = TestUploads.NewModelName();
        var baseline = await RegisterAsync(model, "v0", TestUploads.SomeModelBytes(seed: 100));
        await TestAsync(baseline);
        await registry.ApproveAndPromoteAsync(baseline, "setup");
        var candidates = new List<ModelVersionKey>();
        for (var i = 1; i <= 6; i++)
        {
            var key = await RegisterAsync(model, $"v{i}", TestUploads.SomeModelBytes(seed: i));
            await TestAsync(key);
            candidates.Add(key);
        }

        using var stopReading = new CancellationTokenSource();
        var reader = ReadWhileRacingAsync(model, stopReading.Token);
        await Task.WhenAll(candidates.Select(key => Task.Run(() =>
            registry.ApproveAndPromoteAsync(key, $"approver-{key.Version}"))));
        await stopReading.CancelAsync();
        var observations = await reader;

        var versions = await store.ListVersionsAsync(model, CancellationToken.None);
        var production = Assert.Single(versions, v => v.State == VersionState.Production);
        Assert.Equal(6, versions.Count(v => v.State == VersionState.Archived));
        Assert.Equal(production.Version, (await store.FindModelAsync(model, CancellationToken.None))!.Production!.Version);
        var history = await store.ListHistoryAsync(model, 1000, CancellationToken.None);
        var archivedEntries = history.Where(h => h.Action == HistoryAction.Archived).ToList();
        Assert.Equal(6, archivedEntries.Count);
        Assert.Equal(6, archivedEntries.Select(h => h.Version).Distinct().Count());
        Assert.DoesNotContain(production.Version, archivedEntries.Select(h => h.Version));
        Assert.True(observations.Reads > 0, "The reader never ran during the race.");
        Assert.Equal(0, observations.Anomalies);
    }

    private async Task<(int Reads, int Anomalies)> ReadWhileRacingAsync(string model, CancellationToken stop)
    {
        int reads = 0, anomalies = 0;
        while (!stop.IsCancellationRequested)
        {
            var pointer = (await store.FindModelAsync(model, CancellationToken.None))!.Production;
            var inProduction = (await store.ListVersionsAsync(model, CancellationToken.None)).Count(v => v.State == VersionState.Production);
            reads++;
            if (pointer is null || inProduction != 1)
            {
                anomalies++;
            }
        }

        return (reads, anomalies);
    }

    private Task<ModelVersionKey> RegisterAsync(string model, string version, byte[] content) => registry.RegisterAsync(model, version, content);

    private Task<ModelVersion> TestAsync(ModelVersionKey key, long maxBytes = 1 << 20) => registry.TestAsync(key, maxBytes);

    // The vault copies of the model's artifacts (the vault's names are {model}/{sha256}).
    private async Task<List<string>> VaultCopiesAsync(string model)
    {
        var vault = azurite.Blobs.GetBlobContainerClient("vault");
        await vault.CreateIfNotExistsAsync();
        var names = new List<string>();
        await foreach (var blob in vault.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, model + "/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
