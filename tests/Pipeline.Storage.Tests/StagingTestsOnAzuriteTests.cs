using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Core.Staging;
using Pipeline.Storage.Blobs;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>
/// What the staging tests read: the upload once (copied into the vault from that read) and, for a suite that compares
/// the candidate with production's model, production's tested copy once, while the candidate is copied, handed on to it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StagingTestsOnAzuriteTests(AzuriteFixture azurite)
{
    private readonly RegistryHarness registry = new(azurite, TimeProvider.System);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_ReadsProductionsCopyOnceAndOnlyForASuiteThatComparesWithIt(bool compares)
    {
        var model = TestUploads.NewModelName("st");
        var productionBytes = TestUploads.SomeModelBytes(seed: 1);
        var v1 = await registry.RegisterAsync(model, "v1", productionBytes);
        await registry.TestAsync(v1);
        await registry.ApproveAndPromoteAsync(v1, "dana");
        var v2 = await TestingAsync(model, "v2", seed: 2);
        var requests = new StorageRequestRecorder();
        var suite = new CapturingSuite(compares);
        var tests = Tests(requests.Blobs(azurite), suite);

        var published = new List<StagingReport>();
        var run = await tests.RunIfDueAsync(v2, _ => true, report => { published.Add(report); return Task.CompletedTask; }, CancellationToken.None);

        Assert.True(run.Report!.Passed, run.Report.FailureSummary);
        // The report is handed on to be kept once, and is the one the run returns.
        Assert.Same(run.Report, Assert.Single(published));
        var subject = Assert.Single(suite.Subjects);
        Assert.Equal("v1", subject.Production!.Version);
        Assert.Equal(compares ? productionBytes : null, subject.ProductionContent?.ToArray());
        // The upload is read once and written once; production's copy is read once, and only when a suite reads it.
        List<string> expected = compares ? ["GET models", "GET vault", "PUT vault"] : ["GET models", "PUT vault"];
        Assert.Equal(expected, requests.Requests.Where(r => !r.EndsWith(" container", StringComparison.Ordinal)).Order());
        // The copy was written while the checks ran, and is in the vault by the time the report is.
        var copy = azurite.Blobs.GetBlobContainerClient(StorageNames.VaultContainer).GetBlobClient(run.Report.Fingerprint!.VaultPath);
        Assert.True((await copy.ExistsAsync()).Value);
    }

    [Fact]
    public async Task Run_AgainstAProductionThisProcessTested_ReadsNoProductionCopy()
    {
        var model = TestUploads.NewModelName("st");
        var kept = new KeptCopies();
        var suite = new CapturingSuite(compares: true);
        var v1 = await TestingAsync(model, "v1", seed: 5);
        var first = await Tests(azurite.Blobs, suite, kept).RunIfDueAsync(v1, _ => true, publish: null, CancellationToken.None);
        await registry.Rounds.RecordTestResultsAsync(v1, 1, first.Report!, TimeSpan.FromDays(7), CancellationToken.None);
        await registry.ApproveAndPromoteAsync(v1, "dana");
        var v2 = await TestingAsync(model, "v2", seed: 6);
        var requests = new StorageRequestRecorder();

        var run = await Tests(requests.Blobs(azurite), suite, kept).RunIfDueAsync(v2, _ => true, publish: null, CancellationToken.None);

        Assert.True(run.Report!.Passed, run.Report.FailureSummary);
        // Production's bytes are the ones its own round tested, kept since: its copy is not read again.
        Assert.Equal("v1", suite.Subjects[1].Production!.Version);
        Assert.Equal(TestUploads.SomeModelBytes(seed: 5), suite.Subjects[1].ProductionContent?.ToArray());
        Assert.DoesNotContain("GET vault", requests.Requests);
        Assert.Contains("GET models", requests.Requests);
    }

    [Fact]
    public async Task Run_WhoseVaultWriteFails_ReportsNothing()
    {
        var model = TestUploads.NewModelName("st");
        var v1 = await TestingAsync(model, "v1", seed: 4);
        var options = new BlobClientOptions();
        options.AddPolicy(new RefusingVaultWrites(), HttpPipelinePosition.PerRetry);
        var suite = new CapturingSuite(compares: true);
        var tests = Tests(new BlobServiceClient(azurite.ConnectionString, options), suite);

        // The checks run on the bytes read meanwhile, but a copy that is not in the vault is not reported as tested:
        // the error goes to the activity, which is retried.
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => tests.RunIfDueAsync(v1, _ => true, publish: null, CancellationToken.None));

        Assert.Equal(403, error.Status);
        Assert.Single(suite.Subjects);
    }

    [Fact]
    public async Task Run_OfAFirstVersion_ReadsNoProductionCopy()
    {
        var model = TestUploads.NewModelName("st");
        var v1 = await TestingAsync(model, "v1", seed: 3);
        var requests = new StorageRequestRecorder();
        var suite = new CapturingSuite(compares: true);
        var tests = Tests(requests.Blobs(azurite), suite);

        await tests.RunIfDueAsync(v1, _ => true, publish: null, CancellationToken.None);

        var subject = Assert.Single(suite.Subjects);
        Assert.Null(subject.Production);
        Assert.Null(subject.ProductionContent);
        Assert.DoesNotContain("GET vault", requests.Requests);
    }

    // A version registered and in round 1 of its tests.
    private async Task<ModelVersionKey> TestingAsync(string model, string version, int seed)
    {
        var key = await registry.RegisterAsync(model, version, TestUploads.SomeModelBytes(seed: seed));
        Assert.True(await registry.Rounds.BeginTestsAsync(key, 1, $"test:{key}", CancellationToken.None));
        return key;
    }

    // The staging tests with one suite, reading and writing blobs through `blobs`, keeping copies in `kept` (none before).
    private StagingTests Tests(BlobServiceClient blobs, IStagingCheckSuite suite, KeptCopies? kept = null) =>
        new(new BlobArtifactStore(blobs), registry.Store, registry.Policies, [suite], new StagingOptions { MaxArtifactBytes = 1 << 20 }, kept ?? new KeptCopies());

    // Refuses every write of a blob into the vault (not the container's creation), as a storage account that lost its
    // permission would.
    private sealed class RefusingVaultWrites : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            var uri = message.Request.Uri;
            if (message.Request.Method == RequestMethod.Put && uri.Path.Contains($"/{StorageNames.VaultContainer}/", StringComparison.Ordinal)
                && !uri.Query.Contains("restype=container", StringComparison.Ordinal))
            {
                throw new RequestFailedException(403, "Vault writes are refused by this test.");
            }
        }
    }

    // A suite that records what it was given and finds nothing wrong; whether it compares with production is the test's.
    private sealed class CapturingSuite(bool compares) : IStagingCheckSuite
    {
        public List<StagingSubject> Subjects { get; } = [];

        public Task<IReadOnlyList<CheckResult>> RunAsync(StagingSubject subject, CancellationToken cancellationToken)
        {
            Subjects.Add(subject);
            return Task.FromResult<IReadOnlyList<CheckResult>>([]);
        }

        public bool ReadsProductionArtifact(ModelVersion candidate, ModelVersion production) => compares;
    }
}
