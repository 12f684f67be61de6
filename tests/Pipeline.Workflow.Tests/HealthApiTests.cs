using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Http;
using Pipeline.Api.Identity;
using Pipeline.Local.Hosting;
using Pipeline.Storage;
using Pipeline.Storage.Tables;
using Pipeline.Testing;
using Pipeline.Workflow.Cleanup;

namespace Pipeline.Workflow.Tests;

/// <summary>The health route's answers: every part there, a cleanup recorded, and storage gone.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HealthApiTests(AzuriteFixture azurite, SharedPipelineRuntime shared) : IClassFixture<SharedPipelineRuntime>
{
    private static readonly string[] Parts = ["tables", "blobs", "durable", "cleanup"];

    [Fact]
    public async Task Health_EveryPartAnswers_Answers200WithEachPart()
    {
        var runtime = await shared.StartOnceAsync(azurite, []);

        using var response = await runtime.Http.GetAsync("api/health");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", body["status"]!.GetValue<string>());
        Assert.All(Parts, part => Assert.Equal("ok", body["checks"]![part]!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Health_AfterACleanupRun_ReportsWhenItRanAndItsOutcome()
    {
        var runtime = await shared.StartOnceAsync(azurite, []);
        var before = DateTimeOffset.UtcNow;

        await runtime.Get<CleanupRunner>().RunAsync(runtime.Get<DurableTaskClient>(), CancellationToken.None);
        using var response = await runtime.Http.GetAsync("api/health");
        var cleanup = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["checks"]!["cleanup"]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("succeeded", cleanup["outcome"]!.GetValue<string>());
        Assert.True(cleanup["lastRunAt"]!.GetValue<DateTimeOffset>() >= before.AddSeconds(-1));
    }

    [Fact]
    public async Task Health_StorageUnreachable_Answers503NamingStorageWithinTheTimeout()
    {
        var runtime = await shared.StartOnceAsync(azurite, []);
        var ports = FreePorts.Take(3);
        var nobody = AzuriteProcess.ConnectionStringFor(new AzuritePorts(ports[0], ports[1], ports[2]));
        var tables = new TableServiceClient(nobody);
        var health = new HealthApi(new StorageProbe(tables, new BlobServiceClient(nobody)), new ScheduleState(tables));
        var clock = Stopwatch.StartNew();

        var (status, problem, retryAfter) = await CheckAsync(health, runtime.Get<DurableTaskClient>());

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal(ApiProblems.RetryAfterSeconds, retryAfter);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, HealthApi.CheckTimeout + TimeSpan.FromSeconds(3));
        Assert.Equal("Unhealthy", problem["title"]!.GetValue<string>());
        Assert.Equal(["tables", "blobs", "cleanup"], problem["failing"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal("ok", problem["checks"]!["durable"]!["status"]!.GetValue<string>());
    }

    private static async Task<(int Status, JsonNode Body, string? RetryAfter)> CheckAsync(HealthApi health, DurableTaskClient client)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddPipelineApi(AuthProvider.EasyAuth).BuildServiceProvider(),
        };

        var (status, _, body) = await ExecutedResult.RunAsync(await health.CheckAsync(client, CancellationToken.None), context);
        var retryAfter = context.Response.Headers.RetryAfter.ToString();
        return (status, body!, string.IsNullOrEmpty(retryAfter) ? null : retryAfter);
    }
}
