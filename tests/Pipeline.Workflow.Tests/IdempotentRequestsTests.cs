using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Api.Http;
using Pipeline.Core.Access;
using Pipeline.Core.Errors;
using Pipeline.Core.Requests;
using Pipeline.Storage.Tables;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>
/// <see cref="IdempotentRequests"/> on the Table store on Azurite, with a clock the tests set: what is kept, what is
/// given up so that the client may try again, and when a kept answer stops counting.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdempotentRequestsTests(AzuriteFixture azurite)
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly Caller caller = new($"tenant/{Guid.NewGuid():N}", "ann@example.com", new HashSet<PipelineRole>());
    private readonly string key = Guid.NewGuid().ToString();
    private int runs;

    private IdempotentRequests Requests => new(new TableIdempotencyStore(azurite.Tables, clock), NullLogger<IdempotentRequests>.Instance);

    [Fact]
    public async Task KeptAnswer_PastTheWindow_CountsAsAbsentAndTheRequestRunsAgain()
    {
        var first = await SendAsync(Ok);
        clock.Advance(IdempotencyKeys.Window - TimeSpan.FromSeconds(1));
        var replay = await SendAsync(Ok);
        clock.Advance(TimeSpan.FromSeconds(1));
        var afterWindow = await SendAsync(Ok);

        Assert.Equal(2, runs);
        Assert.Equal((200, "{\"run\":1}", null), first);
        Assert.Equal((200, "{\"run\":1}", "true"), replay);
        Assert.Equal((200, "{\"run\":2}", null), afterWindow);
    }

    [Fact]
    public async Task Answer500_IsNotKept_TheSameKeyRunsAgain()
    {
        Task<IResult> Unavailable()
        {
            runs++;
            return Task.FromResult(Results.Problem(statusCode: 503));
        }

        var failed = await SendAsync(Unavailable);
        var retried = await SendAsync(Ok);

        Assert.Equal(503, failed.Status);
        Assert.Equal((200, "{\"run\":2}", null), retried);
    }

    [Fact]
    public async Task HandlerThrows_TheKeyIsGivenUpAndTheSameKeyRunsAgain()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => SendAsync(() => throw new InvalidOperationException($"storage fell over on run {++runs}")));

        var retried = await SendAsync(Ok);

        Assert.Equal((200, "{\"run\":2}", null), retried);
    }

    [Fact]
    public async Task AnswerTooLargeToKeep_IsSentAndTheSameKeyRunsAgain()
    {
        var big = new string('x', TableIdempotencyStore.MaxResponseBytes);
        Task<IResult> Big() => Task.FromResult(Results.Text($"{++runs}{big}", "text/plain"));

        var first = await SendAsync(Big);
        var again = await SendAsync(Big);

        Assert.Equal(2, runs);
        Assert.StartsWith("1xxx", first.Body, StringComparison.Ordinal);
        Assert.Equal(TableIdempotencyStore.MaxResponseBytes + 1, first.Body.Length);
        Assert.StartsWith("2xxx", again.Body, StringComparison.Ordinal);
        Assert.Null(again.Replayed);
    }

    [Fact]
    public async Task Body_HashedForTheKey_IsStillReadByTheHandler()
    {
        string? read = null;
        var request = NewRequest("""{"expectedCurrent": "v2"}""");

        await Requests.AnswerAsync(request, caller, async () => Results.Text(read = await JsonBody.ReadTextAsync(request, JsonBody.MaxBytes, CancellationToken.None)), CancellationToken.None);

        Assert.Equal("""{"expectedCurrent": "v2"}""", read);
    }

    [Fact]
    public async Task TwoKeyHeaders_AreRefused()
    {
        var request = NewRequest("{}");
        request.Headers[IdempotentRequests.KeyHeader] = new Microsoft.Extensions.Primitives.StringValues(["one", "two"]);

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => Requests.AnswerAsync(request, caller, Ok, CancellationToken.None));

        Assert.Contains("one Idempotency-Key header", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, runs);
    }

    private Task<IResult> Ok() => Task.FromResult(Results.Text($"{{\"run\":{++runs}}}", "application/json"));

    private async Task<(int Status, string Body, string? Replayed)> SendAsync(Func<Task<IResult>> handler)
    {
        var request = NewRequest("{}");
        var result = await Requests.AnswerAsync(request, caller, handler, CancellationToken.None);
        var context = request.HttpContext;
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return (context.Response.StatusCode, body, context.Response.Headers[IdempotentRequests.ReplayedHeader].FirstOrDefault());
    }

    private HttpRequest NewRequest(string body)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Method = "POST";
        context.Request.Path = "/api/models/m/rollback";
        context.Request.Headers[IdempotentRequests.KeyHeader] = key;
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        return context.Request;
    }
}
