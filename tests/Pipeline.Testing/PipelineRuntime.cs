using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Local.Hosting;

namespace Pipeline.Testing;

/// <summary>The local runtime in this process, on a test's Azurite, with its own task hub and a free API port.</summary>
public sealed class PipelineRuntime : IAsyncDisposable
{
    private PipelineRuntime(LocalRuntime runtime, string hub)
    {
        Runtime = runtime;
        TaskHub = hub;
        var address = runtime.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
    }

    /// <summary>The running runtime.</summary>
    public LocalRuntime Runtime { get; }

    /// <summary>Its task hub.</summary>
    public string TaskHub { get; }

    /// <summary>An HTTP client on its API (paths start with <c>api/</c>).</summary>
    public HttpClient Http { get; }

    /// <summary>A new HTTP client on its API that sends <paramref name="headers"/> with every request (dispose it).</summary>
    public HttpClient NewClient(params (string Name, string Value)[] headers)
    {
        var client = new HttpClient { BaseAddress = Http.BaseAddress };
        foreach (var (name, value) in headers)
        {
            client.DefaultRequestHeaders.Add(name, value);
        }

        return client;
    }

    /// <summary>A service from its container.</summary>
    public T Get<T>() where T : notnull => Runtime.App.Services.GetRequiredService<T>();

    /// <summary>
    /// Starts a runtime. <paramref name="approvalTimeout"/> shortens the human wait for timeout tests;
    /// <paramref name="configureTasks"/> registers extra orchestrators or activities on the pipeline's worker;
    /// <paramref name="storagePolicies"/> are added to every storage client of the runtime (a benchmark's counter).
    /// </summary>
    public static async Task<PipelineRuntime> StartAsync(
        AzuriteFixture azurite,
        TimeSpan? approvalTimeout = null,
        string? taskHub = null,
        IEnumerable<string>? extraArgs = null,
        Action<DurableTaskRegistry>? configureTasks = null,
        IEnumerable<Func<Pipeline.Storage.Transport.StorageService, Azure.Core.Pipeline.HttpPipelinePolicy>>? storagePolicies = null)
    {
        var hub = taskHub ?? NewTaskHubName();
        var args = new List<string>
        {
            $"--AzureWebJobsStorage={azurite.ConnectionString}",
            $"--TASKHUB_NAME={hub}",
            "--urls=http://127.0.0.1:0",
            "--Local:WatchInterval=00:00:00.250",
        };
        if (approvalTimeout is { } timeout)
        {
            args.Add(string.Create(CultureInfo.InvariantCulture, $"--Pipeline:ApprovalTimeout={timeout:c}"));
        }

        args.AddRange(extraArgs ?? []);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return new PipelineRuntime(await LocalRuntime.StartAsync([.. args], cancel.Token, configureTasks, storagePolicies), hub);
    }

    /// <summary>A task hub name no other test uses.</summary>
    public static string NewTaskHubName() => "t" + Guid.NewGuid().ToString("N")[..20];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Runtime.DisposeAsync();
    }
}
