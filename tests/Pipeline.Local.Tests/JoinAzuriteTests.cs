using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Local.Hosting;
using Pipeline.Testing;

namespace Pipeline.Local.Tests;

/// <summary>Local__StartAzurite=false: a node joins an Azurite already running on the configured ports.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class JoinAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StartAzuriteFalse_NoStorageConfigured_JoinsTheAzuriteOnTheConfiguredPortsAndStartsNone()
    {
        var data = Path.Combine(Path.GetTempPath(), "pipeline-tests", "join-" + Guid.NewGuid().ToString("N"));
        var ports = azurite.Ports;
        string[] args =
        [
            "--AzureWebJobsStorage=",
            "--Local:StartAzurite=false",
            string.Create(CultureInfo.InvariantCulture, $"--Local:AzuriteBlobPort={ports.Blob}"),
            string.Create(CultureInfo.InvariantCulture, $"--Local:AzuriteQueuePort={ports.Queue}"),
            string.Create(CultureInfo.InvariantCulture, $"--Local:AzuriteTablePort={ports.Table}"),
            $"--Local:DataDirectory={data}",
            $"--TASKHUB_NAME={PipelineRuntime.NewTaskHubName()}",
            "--urls=http://127.0.0.1:0",
        ];
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var runtime = await LocalRuntime.StartAsync(args, cancel.Token);

        Assert.Equal(azurite.ConnectionString, runtime.App.Configuration["AzureWebJobsStorage"]);
        Assert.False(Directory.Exists(Path.Combine(data, "azurite")), "the runtime started an Azurite of its own");
        var address = runtime.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var model = TestUploads.NewModelName("join");
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await new ApiClient(http).WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        using var health = await http.GetAsync("api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
