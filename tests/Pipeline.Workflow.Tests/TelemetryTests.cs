using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Pipeline.Api.Telemetry;
using Pipeline.Core.Diagnostics;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>The spans a version's story leaves, and that the host exports them over OTLP.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TelemetryTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan FlushWait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Story_UploadTestsApproveProduction_LeavesActivityAndCheckSpans()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(PipelineTelemetry.Name).AddSource(TelemetryServiceCollectionExtensions.DurableTaskSource).AddInMemoryExporter(spans).Build();
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("otel");

        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        await api.PostAsync($"api/models/{model}/versions/v1/approve", "{}");
        await api.WaitForStateAsync(model, "v1", "Production/");
        // The promotion's span ends just after the registry says Production.
        await Eventually.WaitAsync(() => Task.FromResult(Ours(spans, model).Any(s => s.DisplayName == "activity PromoteVersion")), done => done, FlushWait, "the PromoteVersion span");
        tracing.ForceFlush();
        var mine = Ours(spans, model);

        string[] activities = ["BeginStagingTests", "RunStagingTests", "PlanApprovalWait", "MatchDecision", "PromoteVersion"];
        foreach (var name in activities)
        {
            var span = Assert.Single(mine, s => s.DisplayName == $"activity {name}");
            Assert.Equal(name, span.GetTagItem(PipelineTelemetry.Attributes.ActivityName));
            Assert.Equal("v1", span.GetTagItem(PipelineTelemetry.Attributes.Version));
            Assert.Equal(1, span.GetTagItem(PipelineTelemetry.Attributes.Attempt));
            Assert.Equal($"{model}:v1:1", span.GetTagItem(PipelineTelemetry.Attributes.InstanceId));
            Assert.NotNull(span.GetTagItem(PipelineTelemetry.Attributes.Outcome));
        }

        // One trace per round: the Durable Task SDK carries the trace context from scheduling the orchestration to each activity.
        Assert.Single(mine.Where(s => s.DisplayName.StartsWith("activity ", StringComparison.Ordinal)).Select(s => s.TraceId).Distinct());
        Assert.Equal("AwaitingApproval", Single(mine, "activity RunStagingTests").GetTagItem(PipelineTelemetry.Attributes.Outcome));
        Assert.Equal("Production", Single(mine, "activity PromoteVersion").GetTagItem(PipelineTelemetry.Attributes.Outcome));

        // The checks run inside the RunStagingTests activity: its child "staging.checks", whose children are the checks.
        var run = Single(mine, "staging.checks");
        Assert.Equal(Single(mine, "activity RunStagingTests").SpanId, run.ParentSpanId);
        Assert.Equal("passed", run.GetTagItem(PipelineTelemetry.Attributes.Outcome));
        foreach (var check in new[] { "integrity", "loads", "signature" })
        {
            var span = Assert.Single(spans, s => s.DisplayName == $"staging.check {check}" && s.ParentSpanId == run.SpanId);
            Assert.Equal(check, span.GetTagItem(PipelineTelemetry.Attributes.CheckName));
            Assert.Equal("passed", span.GetTagItem(PipelineTelemetry.Attributes.CheckOutcome));
            Assert.Equal(model, span.GetTagItem(PipelineTelemetry.Attributes.Model));
            Assert.IsType<double>(span.GetTagItem("pipeline.check.duration_ms"));
        }
    }

    [Fact]
    public async Task Host_OtlpEndpointSet_PostsTracesWithItsServiceName()
    {
        var received = new ConcurrentQueue<byte[]>();
        await using var collector = await LoopbackServer.StartAsync("/v1/traces", async request =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Enqueue(body.ToArray());
            return Results.Ok();
        });
        var service = TestUploads.NewModelName("otlp-service");
        var runtime = await PipelineRuntime.StartAsync(azurite, extraArgs:
        [
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.Url.GetLeftPart(UriPartial.Authority)}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            $"--OTEL_SERVICE_NAME={service}",
        ]);

        try
        {
            using var health = await runtime.Http.GetAsync("api/health");
            health.EnsureSuccessStatusCode();
        }
        finally
        {
            // Stopping the host flushes its exporter.
            await runtime.DisposeAsync();
        }

        // The request's server span, in an OTLP/protobuf export whose resource names the service (its name is a plain UTF-8 string there).
        var exported = await Eventually.WaitAsync(() => Task.FromResult(received.ToArray()), posts => posts.Length > 0, FlushWait, "a POST to /v1/traces");
        var text = exported.Select(post => Encoding.UTF8.GetString(post)).ToList();
        Assert.Contains(text, t => t.Contains(service, StringComparison.Ordinal) && t.Contains("/api/health", StringComparison.Ordinal));
    }

    private static List<Activity> Ours(List<Activity> spans, string model)
    {
        lock (spans)
        {
            return [.. spans.Where(s => (s.GetTagItem(PipelineTelemetry.Attributes.Model) as string) == model)];
        }
    }

    private static Activity Single(List<Activity> spans, string name) => Assert.Single(spans, s => s.DisplayName == name);
}
