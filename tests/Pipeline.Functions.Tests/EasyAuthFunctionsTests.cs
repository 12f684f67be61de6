using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Pipeline.Api.Http;
using Pipeline.Api.Identity;
using Pipeline.Functions.Http;
using Pipeline.Functions.Triggers;
using Pipeline.Testing;
using Pipeline.Workflow.Uploads;

namespace Pipeline.Functions.Tests;

/// <summary>
/// The Functions app's HTTP functions under its default provider, EasyAuth: the caller is the
/// X-MS-CLIENT-PRINCIPAL document, roles decide the action, and without a readable document nothing is answered but 401.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EasyAuthFunctionsTests(AzuriteFixture azurite, SharedPipelineRuntime shared) : IClassFixture<SharedPipelineRuntime>, IAsyncLifetime
{
    private PipelineRuntime runtime = null!;
    private FunctionCalls calls = null!;

    public async Task InitializeAsync()
    {
        runtime = await shared.StartOnceAsync(azurite, ["--Auth:Provider=EasyAuth"]);
        calls = new FunctionCalls(runtime);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ApproveVersionRequest_ApproverPrincipal_Answers202AndHistoryNamesThePrincipal()
    {
        var model = await AwaitingApprovalAsync();

        var (status, _, _) = await calls.InvokeAsync(Functions.ApproveVersionRequest(
            Request("POST", """{"comment": "looks right"}""", EasyAuthDocuments.For("ann@example.com", ["Pipeline.Approver"]), ("X-MS-CLIENT-PRINCIPAL-NAME", "mallory")),
            Client, model, "v1"));

        Assert.Equal(HttpStatusCode.Accepted, status);
        using var reader = runtime.NewClient((IdentityHeaders.Principal, EasyAuthDocuments.For("reader@example.com")));
        await new ApiClient(reader).WaitForStateAsync(model, "v1", "Production/");
        var (_, _, history) = await calls.InvokeAsync(Functions.GetHistory(Request("GET", null, EasyAuthDocuments.For("reader@example.com")), model));
        Assert.Equal("ann@example.com", history!.AsArray()[0]!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateUploadIntent_UploaderPrincipal_Answers201AndTheUploadRegistersWithItsVerifiedIdentity()
    {
        var model = TestUploads.NewModelName();
        var ursula = EasyAuthDocuments.For("ursula@example.com", ["Pipeline.Uploader"]);

        var (status, response, intent) = await calls.InvokeAsync(Functions.CreateUploadIntent(Request("POST", """{"fileName": "model.onnx"}""", ursula), model, "v1"));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal($"/api/models/{model}/versions/v1", response.Headers.Location.ToString());
        Assert.Equal($"{model}/v1/model.onnx", intent!["blobPath"]!.GetValue<string>());
        using var storage = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, intent["uploadUrl"]!.GetValue<string>()) { Content = new ByteArrayContent(TestUploads.SampleModelBytes()) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        using (var uploaded = await storage.SendAsync(put))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }

        // The Event Grid trigger's function, as Azure would call it (the local watcher may have been first).
        var blob = azurite.Blobs.GetBlobContainerClient("models").GetBlobClient($"{model}/v1/model.onnx");
        var disposition = await new RegisterUploadedModel(runtime.Get<UploadRegistrar>()).RunAsync(blob, Client, CancellationToken.None);
        Assert.Contains(disposition, new[] { UploadDisposition.Registered, UploadDisposition.Duplicate });
        var (_, _, version) = await calls.InvokeAsync(Functions.GetVersion(Request("GET", null, EasyAuthDocuments.For("reader@example.com")), Client, model, "v1"));
        Assert.Equal("tenant-1/oid-ursula@example.com", version!["uploadedBy"]!["id"]!.GetValue<string>());
        Assert.True(version["uploadedBy"]!["verified"]!.GetValue<bool>());

        var (again, _, problem) = await calls.InvokeAsync(Functions.CreateUploadIntent(Request("POST", """{"fileName": "model.onnx"}""", ursula), model, "v1"));
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal("Version state does not allow this", problem!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateUploadIntent_PrincipalWithoutUploader_Answers403NamingIt()
    {
        var principal = EasyAuthDocuments.For("ann@example.com", ["Pipeline.Approver", "Pipeline.Owner", "Pipeline.Operator"]);

        var (status, _, problem) = await calls.InvokeAsync(Call("uploads", Request("POST", """{"fileName": "model.onnx"}""", principal)));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Pipeline.Uploader", problem!["requiredRole"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("approve", "Pipeline.Approver")]
    [InlineData("reject", "Pipeline.Approver")]
    [InlineData("retest", "Pipeline.Operator")]
    [InlineData("rollback", "Pipeline.Operator")]
    [InlineData("cleanup", "Pipeline.Operator")]
    [InlineData("policy", "Pipeline.Owner")]
    public async Task GuardedFunction_PrincipalWithoutTheRole_Answers403NamingIt(string function, string role)
    {
        var principal = EasyAuthDocuments.For("ann@example.com", ["Pipeline.Uploader"]);

        var (status, _, problem) = await calls.InvokeAsync(Call(function, Request(function == "policy" ? "PUT" : "POST", """{"reason": "no"}""", principal)));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(role, problem!["requiredRole"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("rollback")]
    [InlineData("policy")]
    public async Task GuardedFunction_PrincipalWithTheRole_IsNotRefused(string function)
    {
        var principal = EasyAuthDocuments.For("ann@example.com", ["Pipeline.Approver", "Pipeline.Operator", "Pipeline.Owner"]);

        var (status, _, _) = await calls.InvokeAsync(Call(function, Request(function == "policy" ? "PUT" : "POST", "{}", principal)));

        // The model is unknown (404), its policy empty (200) or the rollback lacks expectedCurrent (400): past the role check either way.
        Assert.Contains(status, new[] { HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.BadRequest });
    }

    [Fact]
    public async Task ListModels_PrincipalWithoutRoles_Answers200()
    {
        var (status, _, _) = await calls.InvokeAsync(Functions.ListModels(Request("GET", null, EasyAuthDocuments.For("reader@example.com"))));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("missing", "ListModels")]
    [InlineData("missing", "approve")]
    [InlineData("garbled", "ListModels")]
    [InlineData("garbled", "cleanup")]
    [InlineData("name header only", "approve")]
    [InlineData("no object id", "policy")]
    [InlineData("missing", "NoSuchRoute")]
    [InlineData("missing", "uploads")]
    [InlineData("name header only", "uploads")]
    public async Task Function_MissingOrGarbledPrincipal_Answers401(string principal, string function)
    {
        (string, string)[] headers = principal switch
        {
            "garbled" => [(IdentityHeaders.Principal, "%%% not a document %%%")],
            "name header only" => [(IdentityHeaders.PrincipalName, "ann@example.com"), (IdentityHeaders.Roles, "Pipeline.Approver")],
            "no object id" => [(IdentityHeaders.Principal, EasyAuthDocuments.Encode("""{"claims": [{"typ": "roles", "val": "Pipeline.Owner"}]}"""))],
            _ => [],
        };
        var request = calls.NewRequest(function == "policy" ? "PUT" : "POST", "{}", headers);

        var (status, response, problem) = await calls.InvokeAsync(function switch
        {
            "ListModels" => Functions.ListModels(request),
            "NoSuchRoute" => Functions.NoSuchRoute(request),
            _ => Call(function, request),
        });

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("Authentication required", problem!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetHealth_NoPrincipal_Answers200()
    {
        var (status, _, body) = await calls.InvokeAsync(new HealthHttpFunction(runtime.Get<HealthApi>()).GetHealth(calls.NewRequest("GET"), Client));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body!["status"]!.GetValue<string>());
        Assert.All(["tables", "blobs", "durable", "cleanup"], part => Assert.Equal("ok", body["checks"]![part]!["status"]!.GetValue<string>()));
    }

    private ModelHttpFunctions Functions => new(runtime.Get<ModelApi>());

    private DurableTaskClient Client => runtime.Get<DurableTaskClient>();

    private Microsoft.AspNetCore.Http.HttpRequest Request(string method, string? body, string principal, params (string Name, string Value)[] more) =>
        calls.NewRequest(method, body, [(IdentityHeaders.Principal, principal), .. more]);

    private Task<IActionResult> Call(string function, Microsoft.AspNetCore.Http.HttpRequest request) => function switch
    {
        "approve" => Functions.ApproveVersionRequest(request, Client, "credit-risk", "v1"),
        "reject" => Functions.RejectVersionRequest(request, Client, "credit-risk", "v1"),
        "retest" => Functions.RetestVersionRequest(request, Client, "credit-risk", "v1"),
        "rollback" => Functions.RollbackModel(request, "credit-risk"),
        "cleanup" => Functions.RunCleanup(request, Client),
        "policy" => Functions.PutPolicy(request, TestUploads.NewModelName()),
        "uploads" => Functions.CreateUploadIntent(request, TestUploads.NewModelName(), "v1"),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "No such function in these tests."),
    };

    private async Task<string> AwaitingApprovalAsync()
    {
        var model = TestUploads.NewModelName();
        var blob = await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        Assert.Equal(UploadDisposition.Registered, await new RegisterUploadedModel(runtime.Get<UploadRegistrar>()).RunAsync(blob, Client, CancellationToken.None));
        using var reader = runtime.NewClient((IdentityHeaders.Principal, EasyAuthDocuments.For("reader@example.com")));
        await new ApiClient(reader).WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        return model;
    }
}
