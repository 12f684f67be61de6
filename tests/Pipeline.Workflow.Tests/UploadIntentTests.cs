using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>
/// Upload intents on the local runtime, Azurite and the real durable engine: the write-only URL, the verified
/// uploader it gives a version, what it refuses, and the policy that takes uploads through intents only.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class UploadIntentTests(AzuriteFixture azurite)
{
    private static readonly HttpClient Storage = new();

    [Fact]
    public async Task UploadIntent_PutThroughItsUrl_RegistersTheVersionWithTheVerifiedUploader()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        using var ursula = As(runtime, "ursula@example.com", "Pipeline.Uploader,Pipeline.Approver");

        using var asked = await ursula.PostAsJsonAsync($"api/models/{model}/versions/v1/uploads", new { fileName = "model.onnx" });
        var intent = (await asked.Content.ReadFromJsonAsync<JsonNode>())!;

        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        Assert.Equal($"/api/models/{model}/versions/v1", asked.Headers.Location?.OriginalString);
        Assert.Equal($"{model}/v1/model.onnx", intent["blobPath"]!.GetValue<string>());
        var expiresAt = intent["expiresAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));

        // The blob's metadata claims someone else; the intent says who really uploaded it.
        var url = new Uri(intent["uploadUrl"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, await PutAsync(url, TestUploads.SampleModelBytes(), claimedUploader: "victor@example.com"));
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");

        var version = await api.GetJsonAsync($"api/models/{model}/versions/v1");
        Assert.Equal("development:ursula@example.com", version["uploadedBy"]!["id"]!.GetValue<string>());
        Assert.Equal("ursula@example.com", version["uploadedBy"]!["name"]!.GetValue<string>());
        Assert.True(version["uploadedBy"]!["verified"]!.GetValue<bool>());
        var registered = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray().Single(h => h!["action"]!.GetValue<string>() == "registered")!;
        Assert.Equal("ursula@example.com", registered["actor"]!.GetValue<string>());
        Assert.Contains("verified uploader", registered["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        // Neither the verified uploader nor the one the metadata claims may approve; the wait goes on.
        foreach (var uploader in new[] { "Ursula@Example.com", "victor@example.com" })
        {
            var (status, _, problem) = await api.PostAsync($"api/models/{model}/versions/v1/approve", "{}", uploader);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal("Separation of duties", problem!["title"]!.GetValue<string>());
        }

        var refused = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray().Where(h => h!["action"]!.GetValue<string>() == "approvalRefused").ToList();
        Assert.Equal(2, refused.Count);
        Assert.Equal("Staging/AwaitingApproval", await api.StateOfAsync(model, "v1"));
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"api/models/{model}/versions/v1/approve", "{}", "walter@example.com")).Status);
        await api.WaitForStateAsync(model, "v1", "Production/");
    }

    [Fact]
    public async Task UploadIntent_Url_WritesOnlyThatBlobAndExpires()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite, extraArgs: ["--Pipeline:UploadIntentLifetime=00:00:05"]);
        var model = TestUploads.NewModelName();
        using var ursula = As(runtime, "ursula@example.com", "Pipeline.Uploader");
        var url = await AskForUrlAsync(ursula, model, "v1", "model.onnx");
        var bytes = TestUploads.SomeModelBytes(2048);

        Assert.Equal(HttpStatusCode.Created, await PutAsync(url, bytes));

        var blob = azurite.Blobs.GetBlobContainerClient("models").GetBlobClient($"{model}/v1/model.onnx");
        Assert.Equal(bytes, (await blob.DownloadContentAsync()).Value.Content.ToArray());
        using (var read = await Storage.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        }

        using (var delete = await Storage.DeleteAsync(url))
        {
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        }

        var containerPath = url.AbsolutePath[..url.AbsolutePath.LastIndexOf($"/{model}/", StringComparison.Ordinal)];
        using (var list = await Storage.GetAsync(new UriBuilder(url) { Path = containerPath, Query = "restype=container&comp=list&" + url.Query.TrimStart('?') }.Uri))
        {
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(new UriBuilder(url) { Path = url.AbsolutePath.Replace("model.onnx", "other.onnx", StringComparison.Ordinal) }.Uri, bytes));
        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(new UriBuilder(url) { Path = url.AbsolutePath.Replace("/v1/", "/v2/", StringComparison.Ordinal) }.Uri, bytes));

        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(new UriBuilder(url) { Path = url.AbsolutePath.Replace("/v1/", "/v3/", StringComparison.Ordinal) }.Uri, bytes));
        var expiredUrl = await AskForUrlAsync(ursula, model, "v4", "model.onnx");
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(expiredUrl, bytes));

        // Once it has expired, an intent no longer holds the version: someone else may ask.
        using var victor = As(runtime, "victor@example.com", "Pipeline.Uploader");
        await AskForUrlAsync(victor, model, "v4", "model.onnx");
    }

    [Fact]
    public async Task UploadIntent_BadRequests_AnswerProblemsWithTheRightStatus()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        using var ursula = As(runtime, "ursula@example.com", "Pipeline.Uploader");
        using var victor = As(runtime, "victor@example.com", "Pipeline.Uploader");
        using var approver = As(runtime, "ann@example.com", "Pipeline.Approver,Pipeline.Owner,Pipeline.Operator");
        var first = await AskForUrlAsync(ursula, model, "v2", "model.onnx");

        var cases = new (HttpClient Client, string Path, string Body, HttpStatusCode Expected, string Title)[]
        {
            (approver, $"api/models/{model}/versions/v3/uploads", """{"fileName": "model.onnx"}""", HttpStatusCode.Forbidden, "Role required"),
            (ursula, $"api/models/Bad/versions/v3/uploads", """{"fileName": "model.onnx"}""", HttpStatusCode.BadRequest, "Invalid name"),
            (ursula, $"api/models/{model}/versions/-v3/uploads", """{"fileName": "model.onnx"}""", HttpStatusCode.BadRequest, "Invalid name"),
            (ursula, $"api/models/{model}/versions/v3/uploads", """{"fileName": "a/model.onnx"}""", HttpStatusCode.BadRequest, "Invalid name"),
            (ursula, $"api/models/{model}/versions/v3/uploads", """{"fileName": ".."}""", HttpStatusCode.BadRequest, "Invalid name"),
            (ursula, $"api/models/{model}/versions/v3/uploads", "{}", HttpStatusCode.BadRequest, "Invalid request"),
            (ursula, $"api/models/{model}/versions/v3/uploads", """{"file": "model.onnx"}""", HttpStatusCode.BadRequest, "Invalid request"),
            (ursula, $"api/models/{model}/versions/v1/uploads", """{"fileName": "model.onnx"}""", HttpStatusCode.Conflict, "Version state does not allow this"),
            (victor, $"api/models/{model}/versions/v2/uploads", """{"fileName": "model.onnx"}""", HttpStatusCode.Conflict, "Upload intent held"),
            (victor, $"api/models/{model}/versions/v2/uploads", """{"fileName": "weights.onnx"}""", HttpStatusCode.Conflict, "Upload intent held"),
        };

        foreach (var (client, path, body, expected, title) in cases)
        {
            var (status, contentType, problem) = await new ApiClient(client).PostAsync(path, body);
            Assert.True(expected == status, $"POST {path} {body}: expected {expected}, got {status}");
            Assert.Equal("application/problem+json", contentType);
            Assert.Equal(title, problem!["title"]!.GetValue<string>());
        }

        // The holder asking again gets a fresh URL for the same blob, and nothing was registered meanwhile.
        var again = await AskForUrlAsync(ursula, model, "v2", "model.onnx");
        Assert.Equal(first.AbsolutePath, again.AbsolutePath);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/models/{model}/versions/v2")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/models/{model}/versions/v3")).Status);
    }

    [Fact]
    public async Task RequireUploadIntent_DirectUpload_IsRejectedAndAnIntentUploadRegisters()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        using var olga = As(runtime, "olga@example.com", "Pipeline.Owner");
        // The model does not exist yet: its policy is set first, and every upload is held to it.
        using (var policy = await olga.PutAsync(new Uri($"api/models/{model}/policy", UriKind.Relative), new StringContent("""{"requireUploadIntent": true}""")))
        {
            Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        }

        await TestUploads.UploadAsync(
            azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes(1), new Dictionary<string, string> { ["uploadedby"] = "ursula@example.com" });
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v2/direct.onnx", TestUploads.SampleModelBytes(2));

        var rejected = await Eventually.WaitAsync(
            () => api.GetJsonAsync("api/uploads/rejected"),
            list => list.AsArray().Count(u => u!["blobName"]!.GetValue<string>().StartsWith(model + "/", StringComparison.Ordinal)) == 2,
            TimeSpan.FromSeconds(30),
            "both direct uploads to be rejected");
        var reason = rejected.AsArray().First(u => u!["blobName"]!.GetValue<string>() == $"{model}/v1/model.onnx")!["reason"]!.GetValue<string>();
        Assert.Contains("requireUploadIntent", reason, StringComparison.Ordinal);
        Assert.Contains($"POST /api/models/{model}/versions/v1/uploads", reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/models/{model}/versions/v1")).Status);

        // Through an intent, into the folder of a refused upload that came first: the refused file is never the artifact.
        using var ursula = As(runtime, "ursula@example.com", "Pipeline.Uploader");
        var url = await AskForUrlAsync(ursula, model, "v2", "model.onnx");
        Assert.Equal(HttpStatusCode.Created, await PutAsync(url, TestUploads.SampleModelBytes(3)));
        await api.WaitForStateAsync(model, "v2", "Staging/AwaitingApproval");

        var version = await api.GetJsonAsync($"api/models/{model}/versions/v2");
        Assert.Equal($"{model}/v2/model.onnx", version["artifactPath"]!.GetValue<string>());
        Assert.True(version["uploadedBy"]!["verified"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/models/{model}/versions/v1")).Status);
    }

    private static HttpClient As(PipelineRuntime runtime, string name, string roles) =>
        runtime.NewClient(("X-MS-CLIENT-PRINCIPAL-NAME", name), ("X-Pipeline-Roles", roles));

    private static async Task<Uri> AskForUrlAsync(HttpClient client, string model, string version, string fileName)
    {
        using var response = await client.PostAsJsonAsync($"api/models/{model}/versions/{version}/uploads", new { fileName });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Upload intent for {model}/{version}/{fileName}: {(int)response.StatusCode} {body}");
        return new Uri(JsonNode.Parse(body)!["uploadUrl"]!.GetValue<string>());
    }

    // As curl would: one PUT of the whole file, with the blob type the Put Blob operation requires.
    private static async Task<HttpStatusCode> PutAsync(Uri url, byte[] content, string? claimedUploader = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(content) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        if (claimedUploader is not null)
        {
            request.Headers.Add("x-ms-meta-uploadedby", claimedUploader);
        }

        using var response = await Storage.SendAsync(request);
        return response.StatusCode;
    }
}
