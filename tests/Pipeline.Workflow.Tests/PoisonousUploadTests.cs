using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>A poisonous upload ends its round as failed tests with the reason in the report, the version left in Staging.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PoisonousUploadTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Upload_ModelHidingExternalDataBehindAGroupField_FailsLoadsAndStaysInStaging()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        var poison = PoisonousModels.ExternalWeights(PoisonousModels.ClimbingSystemFile, PoisonousModels.Disguise.BehindAGroupField);

        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", poison);

        await api.WaitForStateAsync(model, "v1", "Staging/TestsFailed");
        var report = await api.GetJsonAsync($"api/models/{model}/versions/v1/report");
        var loads = ApiClient.ReportCheck(report, "loads");
        Assert.Equal("failed", loads["outcome"]!.GetValue<string>());
        Assert.Contains("keeps tensor 'w' in an external data file (data_location EXTERNAL)", loads["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("skipped", ApiClient.ReportCheck(report, "signature")["outcome"]!.GetValue<string>());
        var version = await api.GetJsonAsync($"api/models/{model}/versions/v1");
        Assert.Equal(1, version["attempt"]!.GetValue<int>());
    }
}
