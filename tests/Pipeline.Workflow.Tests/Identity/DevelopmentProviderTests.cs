using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests.Identity;

/// <summary>
/// The local runtime's default provider: the name and roles headers are believed, a request without
/// them is the local user with every role (so the README's plain curl works), and an empty roles header is no role.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DevelopmentProviderTests(AzuriteFixture azurite, SharedPipelineRuntime shared) : IClassFixture<SharedPipelineRuntime>, IAsyncLifetime
{
    private PipelineRuntime runtime = null!;

    public async Task InitializeAsync() => runtime = await shared.StartOnceAsync(azurite, []);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PolicyChange_NoHeaders_IsRecordedAsTheLocalUser()
    {
        var model = await RegisteredModelAsync();

        var status = await SendAsync("PUT", $"api/models/{model}/policy", "{}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("local-user", await LatestActorAsync(model));
    }

    [Fact]
    public async Task PolicyChange_NameHeader_IsRecordedUnderThatName()
    {
        var model = await RegisteredModelAsync();

        var status = await SendAsync("PUT", $"api/models/{model}/policy", "{}", ("X-MS-CLIENT-PRINCIPAL-NAME", "olga@example.com"), ("X-Pipeline-Roles", "Pipeline.Owner"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("olga@example.com", await LatestActorAsync(model));
    }

    [Theory]
    [InlineData("Pipeline.Operator")]
    [InlineData("Pipeline.Owner, Pipeline.Uploader")]
    [InlineData("")]
    [InlineData("pipeline.approver")]
    public async Task Approve_RolesHeaderWithoutApprover_Answers403(string roles)
    {
        var status = await SendAsync("POST", "api/models/credit-risk/versions/v1/approve", "{}", ("X-MS-CLIENT-PRINCIPAL-NAME", "ann"), ("X-Pipeline-Roles", roles));

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Read_EmptyRolesHeader_Answers200()
    {
        Assert.Equal(HttpStatusCode.OK, await SendAsync("GET", "api/models", null, ("X-Pipeline-Roles", "")));
    }

    [Fact]
    public async Task Approve_RolesHeaderListingApprover_IsNotRefused()
    {
        // The version does not exist: a 404 means the role check let the request through.
        var status = await SendAsync("POST", "api/models/credit-risk/versions/v404/approve", "{}", ("X-Pipeline-Roles", "Pipeline.Operator,Pipeline.Approver"));

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    private async Task<string> RegisteredModelAsync()
    {
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await new ApiClient(runtime.Http).WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        return model;
    }

    private async Task<string> LatestActorAsync(string model)
    {
        var history = (await new ApiClient(runtime.Http).GetJsonAsync($"api/models/{model}/history")).AsArray();
        return history[0]!["actor"]!.GetValue<string>();
    }

    private async Task<HttpStatusCode> SendAsync(string method, string path, string? body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await runtime.Http.SendAsync(request);
        return response.StatusCode;
    }
}
