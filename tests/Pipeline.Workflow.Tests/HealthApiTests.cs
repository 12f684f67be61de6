using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Http;
using Pipeline.Api.Identity;
using Pipeline.Local.Hosting;
using Pipeline.Storage;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>The health route's answers, with storage there and with storage gone.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HealthApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Health_StorageReachable_Answers200Ok()
    {
        var (status, body) = await CheckAsync(new TableServiceClient(azurite.ConnectionString));

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal("ok", body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Health_StorageUnreachable_Answers503Problem()
    {
        var ports = FreePorts.Take(3);
        var nobody = AzuriteProcess.ConnectionStringFor(new AzuritePorts(ports[0], ports[1], ports[2]));

        var (status, problem) = await CheckAsync(new TableServiceClient(nobody));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal("Storage unavailable", problem["title"]!.GetValue<string>());
    }

    private static async Task<(int Status, JsonNode Body)> CheckAsync(TableServiceClient tables)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddPipelineApi(AuthProvider.EasyAuth).BuildServiceProvider(),
        };

        var (status, _, body) = await ExecutedResult.RunAsync(await new HealthApi(new StorageProbe(tables)).CheckAsync(CancellationToken.None), context);
        return (status, body!);
    }
}
