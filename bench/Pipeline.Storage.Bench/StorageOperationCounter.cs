using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Pipeline.Storage.Transport;

namespace Pipeline.Storage.Bench;

/// <summary>
/// Counts every storage request attempt of the runtime (an <see cref="HttpPipelinePolicy"/> on each of its clients, as the
/// fault injector is): by who sent it (the pipeline, or the durable backend, whose tables, queues and containers are named
/// after the task hub), by service and by operation. Thread-safe.
/// </summary>
public sealed class StorageOperationCounter(string taskHub)
{
    private readonly ConcurrentDictionary<StorageOperation, long> counts = new();

    /// <summary>The policy to add to a client of <paramref name="service"/>.</summary>
    public HttpPipelinePolicy PolicyFor(StorageService service) => new Policy(this, service);

    /// <summary>What has been counted so far.</summary>
    public IReadOnlyDictionary<StorageOperation, long> Snapshot() => new Dictionary<StorageOperation, long>(counts);

    private void Count(StorageService service, Request request)
    {
        var resource = ResourceOf(request.Uri.Path);
        var owner = resource.StartsWith(taskHub, StringComparison.OrdinalIgnoreCase) ? StorageOperation.Durable : StorageOperation.Pipeline;
        // The pipeline's operations are named with their table or container, to tell which code sent them.
        var name = owner == StorageOperation.Pipeline ? $"{NameOf(service, request)} {resource}" : NameOf(service, request);
        var operation = new StorageOperation(owner, service, name);
        if (Environment.GetEnvironmentVariable("PIPELINE_BENCH_TRACE") == "1" && owner == StorageOperation.Pipeline)
        {
            var frames = string.Join(" < ", Environment.StackTrace.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("at Pipeline.", StringComparison.Ordinal) && !l.Contains("Pipeline.Storage.Transport", StringComparison.Ordinal) && !l.Contains("Bench", StringComparison.Ordinal)).Select(l => l[3..l.IndexOf('(', StringComparison.Ordinal)]).Take(4));
            Console.Error.WriteLine($"op {DateTime.UtcNow:HH:mm:ss.fff} {request.Method} {Uri.UnescapeDataString(request.Uri.Path)}{request.Uri.Query} | {frames}");
        }
        counts.AddOrUpdate(operation, 1, (_, n) => n + 1);
    }

    // The first path segment after Azurite's account names the table, queue or container (a table's entity key cut off).
    private static string ResourceOf(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length > 1 ? segments[1] : segments.FirstOrDefault() ?? string.Empty;
        var key = resource.IndexOf('(', StringComparison.Ordinal);
        return key < 0 ? resource : resource[..key];
    }

    private static string NameOf(StorageService service, Request request)
    {
        var method = request.Method.Method;
        var query = request.Uri.Query;
        var path = request.Uri.Path;
        string What()
        {
            switch (service)
            {
                case StorageService.Table:
                    return path.Contains("$batch", StringComparison.Ordinal) ? "batch"
                        : path.EndsWith("/Tables", StringComparison.Ordinal) || path.Contains("/Tables(", StringComparison.Ordinal) ? "table"
                        : path.Contains("(PartitionKey=", StringComparison.Ordinal) ? "entity"
                        : "query";
                case StorageService.Queue:
                    return path.EndsWith("/messages", StringComparison.Ordinal) ? (query.Contains("peekonly=true", StringComparison.Ordinal) ? "peek" : "messages")
                        : path.Contains("/messages/", StringComparison.Ordinal) ? "message"
                        : Comp(query) ?? "queue";
                default:
                    var comp = Comp(query);
                    if (comp == "lease" && request.Headers.TryGetValue("x-ms-lease-action", out var action))
                    {
                        return "lease " + action;
                    }

                    return comp ?? (query.Contains("restype=container", StringComparison.Ordinal) ? "container" : "blob");
            }
        }

        return $"{method} {What()}";
    }

    private static string? Comp(string query)
    {
        var at = query.IndexOf("comp=", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var value = query[(at + 5)..];
        var end = value.IndexOf('&', StringComparison.Ordinal);
        return end < 0 ? value : value[..end];
    }

    private sealed class Policy(StorageOperationCounter counter, StorageService service) : HttpPipelinePolicy
    {
        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            counter.Count(service, message.Request);
            return ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            counter.Count(service, message.Request);
            ProcessNext(message, pipeline);
        }
    }
}
