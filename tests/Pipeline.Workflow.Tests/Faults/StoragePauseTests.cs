using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Workflow.Tests.Faults;

/// <summary>
/// Storage gone for a minute in the middle of a staging round: its own Azurite (never the shared one) is paused with SIGSTOP
/// for 60 s and resumed with SIGCONT. While it is paused the API answers 503 with Retry-After in bounded time (problem+json;
/// MLflow's error shape on its routes) and the health check names the failing parts; afterwards the round completes and the
/// version goes to production with each history entry once.
/// </summary>
[Trait("Category", "Faults")]
public sealed class StoragePauseTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(60);

    // A probe that could not finish before the pause ends is not started: about one storage call's give-up time
    // (4 attempts of 5 s and the delays between them), with some room.
    private static readonly TimeSpan ProbeRoom = TimeSpan.FromSeconds(25);

    // Every answer while storage is paused must come within this: no request may hang on storage.
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Storage_PausedSixtySecondsMidRound_Answers503InBoundedTimeThenTheRoundCompletes()
    {
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var paused = false;
        try
        {
            await using var runtime = await PipelineRuntime.StartAsync(azurite);
            var api = new PatientApi(runtime.Http);
            var model = TestUploads.NewModelName("sp");
            await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes(seed: 51));
            var seen = await Eventually.WaitAsync(
                () => api.StateOfAsync(model, "v1"), s => s.StartsWith("Staging/", StringComparison.Ordinal), TimeSpan.FromSeconds(30), $"{model}/v1 to be registered");
            Signal(azurite.ServerProcessId, "STOP");
            paused = true;
            var clock = Stopwatch.StartNew();
            output.WriteLine($"Azurite (pid {azurite.ServerProcessId}) paused with SIGSTOP for {Pause.TotalSeconds:0} s, the version at {seen}");

            using var http = new HttpClient { BaseAddress = runtime.Http.BaseAddress, Timeout = AnswerBound + TimeSpan.FromSeconds(15) };
            var probes = new ConcurrentBag<Probe>();
            var routes = new (string Name, Func<HttpRequestMessage> Request)[]
            {
                ("GET version", () => new HttpRequestMessage(HttpMethod.Get, $"api/models/{model}/versions/v1")),
                ("GET history", () => new HttpRequestMessage(HttpMethod.Get, $"api/models/{model}/history")),
                ("POST approve", () => Approve(model)),
                ("MLflow registered-models/get", () => new HttpRequestMessage(HttpMethod.Get, $"api/2.0/mlflow/registered-models/get?name={model}")),
                ("GET health", () => new HttpRequestMessage(HttpMethod.Get, "api/health")),
            };
            await Task.WhenAll(routes.Select(route => Task.Run(async () =>
            {
                while (clock.Elapsed + ProbeRoom < Pause)
                {
                    probes.Add(await SendAsync(http, route.Name, route.Request));
                }
            })));
            var left = Pause - clock.Elapsed;
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left);
            }

            Signal(azurite.ServerProcessId, "CONT");
            paused = false;
            output.WriteLine($"Azurite resumed with SIGCONT after {clock.Elapsed.TotalSeconds:F1} s");

            foreach (var route in probes.GroupBy(p => p.Route))
            {
                output.WriteLine($"{route.Key}: {route.Count()} requests, statuses {string.Join(", ", route.GroupBy(p => p.Status).Select(g => $"{g.Key} x{g.Count()}"))}, " +
                    $"max {route.Max(p => p.Elapsed.TotalSeconds):F1} s, Retry-After {string.Join("/", route.Select(p => p.RetryAfter ?? "none").Distinct())}; e.g. {route.First().Body}");
            }

            var resumed = Stopwatch.StartNew();
            var state = await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval", TimeSpan.FromSeconds(90));
            output.WriteLine($"after the resume: {state} in {resumed.Elapsed.TotalSeconds:F1} s");
            var (approved, approveBody) = await api.PostAsync($"api/models/{model}/versions/v1/approve", """{"comment": "after the pause"}""", "dana@example.com");
            Assert.True(approved == HttpStatusCode.Accepted, $"approve answered {(int)approved}: {approveBody}");
            await api.WaitForStateAsync(model, "v1", "Production/", TimeSpan.FromSeconds(60));
            var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray().Select(h => h!["action"]!.GetValue<string>()).ToList();
            output.WriteLine($"production after {resumed.Elapsed.TotalSeconds:F1} s; history: {string.Join(", ", history)}");

            Assert.NotEmpty(probes);
            Assert.All(routes, route => Assert.Contains(probes, p => p.Route == route.Name));
            Assert.All(probes, p =>
            {
                Assert.True(p.Status == 503, $"{p.Route} answered {p.Status} while storage was paused: {p.Body}");
                Assert.True(p.Elapsed < AnswerBound, $"{p.Route} took {p.Elapsed.TotalSeconds:F1} s");
                Assert.True(p.Route.StartsWith("MLflow", StringComparison.Ordinal) ? p.ContentType == "application/json" : p.ContentType == "application/problem+json",
                    $"{p.Route} answered {p.ContentType}");
            });
            Assert.All(probes, p => Assert.Equal("5", p.RetryAfter));
            Assert.All(probes.Where(p => p.Route.StartsWith("MLflow", StringComparison.Ordinal)), p => Assert.Equal("TEMPORARILY_UNAVAILABLE", p.Json?["error_code"]?.GetValue<string>()));
            Assert.All(probes.Where(p => p.Route.StartsWith("GET version", StringComparison.Ordinal)), p => Assert.Equal("Storage unavailable", p.Json?["title"]?.GetValue<string>()));
            Assert.All(probes.Where(p => p.Route == "GET health"), p =>
            {
                var failing = p.Json?["failing"]?.AsArray().Select(f => f!.GetValue<string>()).ToList() ?? [];
                Assert.Contains("tables", failing);
                Assert.Contains("blobs", failing);
            });
            Assert.Equal(["promoted", "approvalRecorded", "testsPassed", "testsStarted", "registered"], history);
        }
        finally
        {
            if (paused)
            {
                Signal(azurite.ServerProcessId, "CONT");
            }

            await azurite.DisposeAsync();
        }
    }

    private static HttpRequestMessage Approve(string model)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/models/{model}/versions/v1/approve") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", "dana@example.com");
        return request;
    }

    private static async Task<Probe> SendAsync(HttpClient http, string route, Func<HttpRequestMessage> request)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var message = request();
            using var response = await http.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            JsonNode? json = null;
            try
            {
                json = JsonNode.Parse(body);
            }
            catch (System.Text.Json.JsonException)
            {
                // Kept as text in the report.
            }

            return new Probe(route, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(CultureInfo.InvariantCulture), clock.Elapsed, body.Length > 200 ? body[..200] : body, json);
        }
        catch (TaskCanceledException)
        {
            return new Probe(route, 0, null, null, clock.Elapsed, "no answer", null);
        }
    }

    // Only ever the process this test started (its own Azurite), by its id.
    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private sealed record Probe(string Route, int Status, string? ContentType, string? RetryAfter, TimeSpan Elapsed, string Body, JsonNode? Json);
}
