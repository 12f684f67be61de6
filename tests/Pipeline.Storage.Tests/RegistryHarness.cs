using Azure.Data.Tables;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;
using Pipeline.Core.Staging;
using Pipeline.Core.Uploads;
using Pipeline.Storage.Blobs;
using Pipeline.Storage.Tables;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>
/// The registry's real adapters on a test's Azurite, and the steps that bring a version to a state. Its tables are read
/// through <paramref name="tables"/> when given (a recording client), and its services share <paramref name="recent"/>
/// when given, as one node's do.
/// </summary>
internal sealed class RegistryHarness(AzuriteFixture azurite, TimeProvider clock, TableServiceClient? tables = null, RecentVersions? recent = null)
{
    public TableRegistryStore Store { get; } = new(tables ?? azurite.Tables);

    public BlobArtifactStore Artifacts { get; } = new(azurite.Blobs);

    public TablePolicyStore Policies { get; } = new(tables ?? azurite.Tables);

    private TableUploadIntentStore Intents { get; } = new(tables ?? azurite.Tables);

    public VersionRegistration Registration => new(Store, Artifacts, clock, new UploadVerification(Intents, Policies), recent);

    public StagingRounds Rounds => new(Store, clock, recent);

    public ProductionSwitch Production => new(Store, Artifacts, clock);

    public VersionDecisions Decisions => new(Store, new ModelPolicies(Policies, clock), clock, recent);

    /// <summary>The staging tests with no model checks (integrity only), up to <paramref name="maxBytes"/>.</summary>
    public StagingTests Staging(long maxBytes = 1 << 20) =>
        new(Artifacts, Store, Policies, [], new StagingOptions { MaxArtifactBytes = maxBytes }, new KeptCopies(), recent);

    /// <summary>Uploads <paramref name="content"/> as the version's artifact and registers it.</summary>
    public async Task<ModelVersionKey> RegisterAsync(string model, string version, byte[] content)
    {
        var path = ArtifactPath.Parse($"{model}/{version}/model.onnx");
        await TestUploads.UploadAsync(azurite.Blobs, path.BlobName, content);
        var registration = await Registration.RegisterAsync(path, CancellationToken.None);
        Assert.Equal(RegistrationOutcome.Registered, registration.Outcome);
        return path.Key;
    }

    /// <summary>Runs round 1 of the staging tests (integrity only: no model checks are registered) and records it.</summary>
    public async Task<ModelVersion> TestAsync(ModelVersionKey key, long maxBytes = 1 << 20)
    {
        Assert.True(await Rounds.BeginTestsAsync(key, 1, $"test:{key}", CancellationToken.None));
        var report = (await Staging(maxBytes).RunIfDueAsync(key, _ => true, publish: null, CancellationToken.None)).Report!;
        return await Rounds.RecordTestResultsAsync(key, 1, report, TimeSpan.FromDays(7), CancellationToken.None);
    }

    /// <summary>
    /// Records <paramref name="approver"/>'s approval of round 1 when the version still awaits one, then promotes
    /// it as the workflow would.
    /// </summary>
    public async Task<ModelVersion> ApproveAndPromoteAsync(ModelVersionKey key, string approver, string? comment = null)
    {
        var version = await Store.FindVersionAsync(key.Model, key.Version, CancellationToken.None);
        if (version is { State: VersionState.AwaitingApproval, SettledDecision: null })
        {
            Assert.True((await Decisions.RecordAsync(key, TestCallers.Named(approver), approved: true, comment, CancellationToken.None)).Settles);
        }

        return await Production.PromoteAsync(key, 1, CancellationToken.None);
    }
}
