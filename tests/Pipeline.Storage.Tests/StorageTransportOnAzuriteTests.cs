using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Storage.Transport;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>
/// The transport's retries on Azurite: a request that adds something (a queue message, a table insert) and whose
/// answer is lost is sent once, and what it added is there once; a read whose answer is lost, and a POST that was
/// answered 503, are tried again (1 + <see cref="StorageTransport.MaxRetries"/> attempts).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageTransportOnAzuriteTests(AzuriteFixture azurite)
{
    private static readonly int AllAttempts = 1 + StorageTransport.MaxRetries;

    [Fact]
    public async Task QueueMessage_AnswerLost_IsSentOnce_AndIsThereOnce()
    {
        var name = "tq" + Guid.NewGuid().ToString("N")[..20];
        var clean = new QueueClient(azurite.ConnectionString, name);
        await clean.CreateAsync();
        var (lossy, attempts) = Client(StorageFaultKind.LostAnswer, new QueueClientOptions(), options => new QueueClient(azurite.ConnectionString, name, options), StorageService.Queue);

        await Assert.ThrowsAnyAsync<Exception>(() => lossy.SendMessageAsync("started"));

        Assert.Equal(1, attempts.Of("POST"));
        Assert.Single((await clean.PeekMessagesAsync(maxMessages: 32)).Value);

        // A read with its answer lost is tried again, as the SDK does.
        await Assert.ThrowsAnyAsync<Exception>(() => lossy.PeekMessagesAsync());
        Assert.Equal(AllAttempts, attempts.Of("GET"));
    }

    [Fact]
    public async Task TableInsert_AnswerLost_IsSentOnce_Answered503_IsTriedAgain()
    {
        var name = "tt" + Guid.NewGuid().ToString("N")[..20];
        var clean = new TableClient(azurite.ConnectionString, name);
        await clean.CreateAsync();
        var (lossy, lost) = Client(StorageFaultKind.LostAnswer, new TableClientOptions(), options => new TableClient(azurite.ConnectionString, name, options), StorageService.Table);
        var (busy, refused) = Client(StorageFaultKind.ServiceUnavailable, new TableClientOptions(), options => new TableClient(azurite.ConnectionString, name, options), StorageService.Table);

        await Assert.ThrowsAnyAsync<Exception>(() => lossy.AddEntityAsync(new TableEntity("p", "lost")));
        await Assert.ThrowsAnyAsync<Exception>(() => busy.AddEntityAsync(new TableEntity("p", "busy")));

        Assert.Equal(1, lost.Of("POST"));
        Assert.NotNull((await clean.GetEntityIfExistsAsync<TableEntity>("p", "lost")).Value);
        Assert.Equal(AllAttempts, refused.Of("POST"));
        Assert.False((await clean.GetEntityIfExistsAsync<TableEntity>("p", "busy")).HasValue);
    }

    // A client whose every attempt meets `fault`, through the app's transport, with its attempts counted by method.
    private static (T Client, Attempts Attempts) Client<T, TOptions>(StorageFaultKind fault, TOptions options, Func<TOptions, T> create, StorageService service)
        where TOptions : ClientOptions
    {
        var attempts = new Attempts();
        var faults = new StorageFaultInjector(new StorageFaultSettings(1.0, 1, [fault]), NullLogger.Instance);
        var transport = new StorageTransport(faults, [_ => attempts]);
        return (create(transport.Configure(options, service)), attempts);
    }

    private sealed class Attempts : HttpPipelinePolicy
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> byMethod = new(StringComparer.Ordinal);

        public int Of(string method) => byMethod.GetValueOrDefault(method);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            byMethod.AddOrUpdate(message.Request.Method.Method, 1, (_, n) => n + 1);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            byMethod.AddOrUpdate(message.Request.Method.Method, 1, (_, n) => n + 1);
            return ProcessNextAsync(message, pipeline);
        }
    }
}
