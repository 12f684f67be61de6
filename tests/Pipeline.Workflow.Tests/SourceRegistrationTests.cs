using System.Net;
using System.Text;
using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;
using Pipeline.Core.Access;
using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Core.Sources;
using Pipeline.Testing;
using Pipeline.Workflow.Orchestrators;
using Pipeline.Workflow.Registration;

namespace Pipeline.Workflow.Tests;

/// <summary>
/// Versions registered from a blob URI in the app's own account (what MLflow's <c>model-versions/create</c> calls), on
/// the local runtime, Azurite and the real durable engine: the copy is registered exactly as an upload, through the
/// caller's upload intent, and a source that cannot be read is a RegistrationFailed version with the reason.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SourceRegistrationTests(AzuriteFixture azurite, SharedPipelineRuntime shared) : IClassFixture<SharedPipelineRuntime>, IAsyncLifetime
{
    // A container of the user's own in the app's account, as MLflow's artifact store would be.
    private const string ArtifactContainer = "mlflow-artifacts";

    private static readonly Caller Ursula = TestCallers.Named("ursula@example.com");

    private PipelineRuntime runtime = null!;

    private ApiClient Api => new(runtime.Http);

    private IRegistryStore Registry => runtime.Get<IRegistryStore>();

    public async Task InitializeAsync() => runtime = await shared.StartOnceAsync(azurite, []);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Create_PlainBlobInAnotherContainer_RegistersVersionOneWithTheCallerAsVerifiedUploaderAndTestsIt()
    {
        var model = await NewModelAsync();
        var bytes = TestUploads.SampleModelBytes(seed: 11);
        var source = await PutSourceAsync($"exports/{model}/churn.onnx", bytes);

        var version = await CreateAsync(model, source.Uri.AbsoluteUri);

        Assert.Equal("1", version.Version);
        Assert.Equal(1, version.Number);
        Assert.Equal($"{model}/1/churn.onnx", version.ArtifactPath);
        Assert.Equal(new Uploader(Ursula.Id, Ursula.Name, Verified: true), version.UploadedBy);
        Assert.Equal(source.Uri.AbsoluteUri, version.Metadata[SourceMetadata.Source]);
        Assert.Equal(bytes, await DownloadAsync("models", $"{model}/1/churn.onnx"));

        await Api.WaitForStateAsync(model, "1", "Staging/AwaitingApproval");
        var tested = (await Registry.FindVersionAsync(model, "1", CancellationToken.None))!;
        Assert.Contains(tested.TestResults, r => r.Name == "integrity" && r.Outcome == Core.Staging.CheckOutcome.Passed);
        Assert.Contains(tested.TestResults, r => r.Name == "loads" && r.Outcome == Core.Staging.CheckOutcome.Passed);
        var registered = Assert.Single(await HistoryAsync(model), h => h.Action == HistoryAction.Registered);
        Assert.Equal(Ursula.Name, registered.Actor);
        Assert.Contains("verified uploader", registered.Reason, StringComparison.Ordinal);

        // Separation of duties: who registered it may not approve it.
        var (status, _, problem) = await Api.PostAsync($"api/models/{model}/versions/1/approve", "{}", Ursula.Name);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Separation of duties", problem!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_MlflowModelFolder_RegistersItsOnnxFileAndKeepsTheSignatureAndIds()
    {
        var model = await NewModelAsync();
        var bytes = TestUploads.SampleModelBytes(seed: 12);
        var folder = $"1/{Guid.NewGuid():N}/artifacts/model";
        await PutSourceAsync($"{folder}/model.onnx", bytes);
        await PutSourceAsync($"{folder}/MLmodel", Encoding.UTF8.GetBytes(MlmodelFile("onnx:\n    data: model.onnx\n    onnx_version: 1.16.1\n  python_function:\n    loader_module: mlflow.onnx")));
        await PutSourceAsync($"{folder}/conda.yaml", Encoding.UTF8.GetBytes("name: mlflow-env\n"));

        var version = await CreateAsync(model, $"wasbs://{ArtifactContainer}@{azurite.Blobs.AccountName}.blob.core.windows.net/{folder}");

        Assert.Equal("1", version.Version);
        Assert.Equal($"{model}/1/model.onnx", version.ArtifactPath);
        Assert.Equal(bytes, await DownloadAsync("models", version.ArtifactPath));
        Assert.Equal(SignatureInputs, SourceMetadata.DecodeSignature(version.Metadata, SourceMetadata.SignatureInputs));
        Assert.Equal(SignatureOutputs, SourceMetadata.DecodeSignature(version.Metadata, SourceMetadata.SignatureOutputs));
        Assert.Equal("0f3e5d7c9b1a4e2d8c6b0a9f7e5d3c1b", version.Metadata[SourceMetadata.RunId]);
        Assert.Equal("5f1c2a9e0b6d4e1f9a3b7c8d2e4f6a1b", version.Metadata[SourceMetadata.ModelUuid]);
        var blob = azurite.Blobs.GetBlobContainerClient("models").GetBlobClient(version.ArtifactPath);
        Assert.Equal(version.Metadata[SourceMetadata.SignatureInputs], (await blob.GetPropertiesAsync()).Value.Metadata[SourceMetadata.SignatureInputs]);
        await Api.WaitForStateAsync(model, "1", "Staging/AwaitingApproval");
    }

    [Fact]
    public async Task Create_MlflowFolderWithoutOnnxFlavor_RecordsRegistrationFailedNamingItsFlavors()
    {
        var model = await NewModelAsync();
        var folder = $"1/{Guid.NewGuid():N}/artifacts/model";
        await PutSourceAsync($"{folder}/model.pkl", TestUploads.SomeModelBytes());
        await PutSourceAsync($"{folder}/MLmodel", Encoding.UTF8.GetBytes(MlmodelFile("python_function:\n    loader_module: mlflow.sklearn\n  sklearn:\n    pickled_model: model.pkl")));

        var version = await CreateAsync(model, BlobUri(ArtifactContainer, folder));

        Assert.Equal(VersionState.RegistrationFailed, version.State);
        Assert.Contains("no onnx flavor (it has python_function, sklearn)", version.StateReason, StringComparison.Ordinal);
        Assert.Empty(await ListAsync("models", $"{model}/"));
    }

    [Fact]
    public async Task Create_MissingBlob_RecordsRegistrationFailedWithTheReasonAndWritesNothingElse()
    {
        var model = await NewModelAsync();
        var source = BlobUri(ArtifactContainer, $"exports/{model}/missing.onnx");

        var version = await CreateAsync(model, source);

        Assert.Equal(VersionState.RegistrationFailed, version.State);
        Assert.Equal(Stage.Staging, version.Stage);
        Assert.Contains("does not exist", version.StateReason, StringComparison.Ordinal);
        Assert.Equal(("1", 1, source, 0L, string.Empty), (version.Version, version.Number, version.ArtifactPath, version.SizeBytes, version.BlobETag));
        Assert.Null(version.OrchestrationId);
        var entry = Assert.Single(await HistoryAsync(model));
        Assert.Equal((HistoryAction.RegistrationFailed, VersionState.RegistrationFailed, Ursula.Name), (entry.Action, entry.To, entry.Actor));
        Assert.Contains("does not exist", entry.Reason, StringComparison.Ordinal);
        Assert.Empty(await ListAsync("models", $"{model}/"));
        Assert.Null(await runtime.Get<DurableTaskClient>().GetInstanceAsync(
            ModelVersionRounds.InstanceIdFor(ModelVersionKey.Create(model, "1"), 1), CancellationToken.None));
        Assert.Equal(1, (await Registry.FindModelAsync(model, CancellationToken.None))!.LastNumber);
        Assert.Equal("Staging/RegistrationFailed", await Api.StateOfAsync(model, "1"));
    }

    [Fact]
    public async Task Create_AnotherStorageAccount_RecordsRegistrationFailed()
    {
        var model = await NewModelAsync();
        var source = "https://someoneelse.blob.core.windows.net/mlflow/1/run/artifacts/model.onnx";

        var version = await CreateAsync(model, source);

        Assert.Equal(VersionState.RegistrationFailed, version.State);
        Assert.Contains($"not in the app's storage account '{azurite.Blobs.AccountName}'", version.StateReason, StringComparison.Ordinal);
        Assert.Contains("'someoneelse'", version.StateReason, StringComparison.Ordinal);
        Assert.Empty(await ListAsync("models", $"{model}/"));
    }

    // The vault holds the tested copies the gate produced: registering one again would put bytes into a new version that
    // never passed through an upload. The URI is well-formed, so it is not a bad request but a source that cannot be read,
    // recorded like the others (FAILED_REGISTRATION in MLflow's terms), which also leaves the attempt in the history.
    [Fact]
    public async Task Create_FromTheVault_RecordsRegistrationFailedAndCopiesNothing()
    {
        var model = await NewModelAsync();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes(seed: 13));
        await Api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        var vaultPath = (await Registry.FindVersionAsync(model, "v1", CancellationToken.None))!.VaultPath!;
        Assert.NotNull(await DownloadAsync("vault", vaultPath));

        var version = await CreateAsync(model, BlobUri("vault", vaultPath));

        Assert.Equal(VersionState.RegistrationFailed, version.State);
        Assert.Equal("2", version.Version);
        Assert.Contains("Container 'vault' is one the pipeline keeps for itself", version.StateReason, StringComparison.Ordinal);
        Assert.Empty(await ListAsync("models", $"{model}/2/"));
    }

    [Fact]
    public async Task Create_FtpSource_IsAnInvalidRequestAndAddsNothing()
    {
        var model = await NewModelAsync();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => CreateAsync(model, "ftp://x"));

        Assert.Contains("scheme 'ftp' is not supported", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Registry.ListVersionsAsync(model, CancellationToken.None));
        Assert.Empty(await HistoryAsync(model));
    }

    [Fact]
    public async Task Create_UnknownModel_ThrowsModelNotFoundAndAddsNothing()
    {
        var model = TestUploads.NewModelName("source");
        var source = await PutSourceAsync($"exports/{model}/churn.onnx", TestUploads.SampleModelBytes(seed: 14));

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => CreateAsync(model, source.Uri.AbsoluteUri));

        Assert.Equal(model, error.Model);
        Assert.Null(await Registry.FindModelAsync(model, CancellationToken.None));
        Assert.Empty(await ListAsync("models", $"{model}/"));
    }

    [Fact]
    public async Task Create_WithTagsAndDescription_KeepsThemThroughTheRoundsOwnWrites()
    {
        var model = await NewModelAsync();
        var source = await PutSourceAsync($"exports/{model}/churn.onnx", TestUploads.SampleModelBytes(seed: 15));
        var tags = new Dictionary<string, string> { ["team"] = "growth", ["dataset"] = "2026-11" };

        var version = await CreateAsync(model, source.Uri.AbsoluteUri, "Churn, retrained on November", tags, runId: "run-42");

        Assert.Equal(tags, version.Tags);
        Assert.Equal("Churn, retrained on November", version.Description);
        Assert.Equal("run-42", version.Metadata[SourceMetadata.RunId]);
        Assert.Equal("Churn, retrained on November", version.Metadata[SourceMetadata.Description]);
        await Api.WaitForStateAsync(model, "1", "Staging/AwaitingApproval");
        var tested = (await Registry.FindVersionAsync(model, "1", CancellationToken.None))!;
        Assert.Equal(tags, tested.Tags);
        Assert.Equal("Churn, retrained on November", tested.Description);
    }

    [Fact]
    public async Task Create_LabelTakenByAnUpload_TakesTheNextFreeLabelAndKeepsTheRegistrysNumber()
    {
        var model = await NewModelAsync();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/2/model.onnx", TestUploads.SampleModelBytes(seed: 16));
        await Api.WaitForStateAsync(model, "2", "Staging/AwaitingApproval");
        var source = await PutSourceAsync($"exports/{model}/churn.onnx", TestUploads.SampleModelBytes(seed: 17));

        var version = await CreateAsync(model, source.Uri.AbsoluteUri);

        Assert.Equal(("3", 2), (version.Version, version.Number));
        Assert.Equal(1, (await Registry.FindVersionAsync(model, "2", CancellationToken.None))!.Number);
        await Api.WaitForStateAsync(model, "3", "Staging/AwaitingApproval");
    }

    [Fact]
    public async Task Create_VersionFolderHoldingARejectedUpload_SkipsItsLabelAndRegistersUnderRequireUploadIntent()
    {
        var model = await NewModelAsync();
        using (var policy = await runtime.Http.PutAsync(
            $"api/models/{model}/policy", new StringContent("""{"requireUploadIntent": true}""", Encoding.UTF8, "application/json")))
        {
            Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
        }

        // Written straight to storage, without an intent: the policy refuses it, so folder "1" holds a blob but no version.
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/1/model.onnx", TestUploads.SampleModelBytes(seed: 18));
        var source = await PutSourceAsync($"exports/{model}/churn.onnx", TestUploads.SampleModelBytes(seed: 19));

        var version = await CreateAsync(model, source.Uri.AbsoluteUri);

        Assert.Equal(("2", 1), (version.Version, version.Number));
        Assert.True(version.UploadedBy!.Verified);
        await Api.WaitForStateAsync(model, "2", "Staging/AwaitingApproval");
        Assert.Null(await Registry.FindVersionAsync(model, "1", CancellationToken.None));
    }

    private const string SignatureInputs = """[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 3]}}]""";
    private const string SignatureOutputs = """[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 1]}}]""";

    private static string MlmodelFile(string flavors) => $"""
        artifact_path: model
        flavors:
          {flavors}
        mlflow_version: 2.16.2
        model_uuid: 5f1c2a9e0b6d4e1f9a3b7c8d2e4f6a1b
        run_id: 0f3e5d7c9b1a4e2d8c6b0a9f7e5d3c1b
        signature:
          inputs: '{SignatureInputs}'
          outputs: '{SignatureOutputs}'
          params: null
        """;

    private Task<ModelVersion> CreateAsync(
        string model, string source, string? description = null, IReadOnlyDictionary<string, string>? tags = null, string? runId = null) =>
        runtime.Get<SourceRegistrar>().CreateAsync(
            runtime.Get<DurableTaskClient>(),
            new SourceVersionRequest(model, source, description, tags ?? new Dictionary<string, string>(), runId),
            Ursula,
            CancellationToken.None);

    private async Task<string> NewModelAsync()
    {
        var model = TestUploads.NewModelName("source");
        Assert.True(await Registry.TryAddModelAsync(new RegisteredModel { Name = model, CreatedAt = DateTimeOffset.UtcNow }, CancellationToken.None));
        return model;
    }

    private async Task<BlobClient> PutSourceAsync(string path, byte[] content)
    {
        var container = azurite.Blobs.GetBlobContainerClient(ArtifactContainer);
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient(path);
        await blob.UploadAsync(new BinaryData(content), overwrite: true);
        return blob;
    }

    private string BlobUri(string container, string path) => azurite.Blobs.GetBlobContainerClient(container).GetBlobClient(path).Uri.AbsoluteUri;

    private async Task<byte[]?> DownloadAsync(string container, string path)
    {
        var blob = azurite.Blobs.GetBlobContainerClient(container).GetBlobClient(path);
        return (await blob.ExistsAsync()).Value ? (await blob.DownloadContentAsync()).Value.Content.ToArray() : null;
    }

    private async Task<List<string>> ListAsync(string container, string prefix)
    {
        var names = new List<string>();
        var client = azurite.Blobs.GetBlobContainerClient(container);
        await client.CreateIfNotExistsAsync();
        await foreach (var blob in client.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string model) => Registry.ListHistoryAsync(model, 100, CancellationToken.None);
}
