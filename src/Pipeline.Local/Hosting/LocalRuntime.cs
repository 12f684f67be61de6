using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Options;
using Pipeline.Api.Http;
using Pipeline.Api.Identity;
using Pipeline.Api.Telemetry;
using Pipeline.Local.Durable;
using Pipeline.Local.Uploads;
using Pipeline.Storage.Transport;
using Pipeline.Workflow;
using Pipeline.Workflow.Configuration;

namespace Pipeline.Local.Hosting;

/// <summary>
/// The whole pipeline in one process: Azurite (unless storage is configured), the durable backend
/// behind its gRPC sidecar, the workflow worker, the upload watcher and the HTTP API.
/// Disposing it shuts down in the order the backend needs: API and worker, then backend, then Azurite.
/// </summary>
public sealed partial class LocalRuntime : IAsyncDisposable
{
    /// <summary>Where the API listens when nothing else is configured.</summary>
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>The task hub used when TASKHUB_NAME is not set.</summary>
    public const string DefaultTaskHub = "ModelPipeline";

    /// <summary>The service name its traces and metrics carry, unless OTEL_SERVICE_NAME says otherwise.</summary>
    public const string ServiceName = "model-pipeline-local";

    private readonly LocalDurableBackend backend;
    private readonly AzuriteProcess? azurite;
    private readonly ILoggerFactory backendLogging;

    private LocalRuntime(WebApplication app, LocalDurableBackend backend, AzuriteProcess? azurite, ILoggerFactory backendLogging)
    {
        App = app;
        this.backend = backend;
        this.azurite = azurite;
        this.backendLogging = backendLogging;
    }

    /// <summary>The running web application (API, worker, watcher).</summary>
    public WebApplication App { get; }

    /// <summary>Starts everything and returns once the API is listening.</summary>
    /// <param name="args">Command-line style configuration (<c>--Key=value</c>).</param>
    /// <param name="cancellationToken">Cancels the start-up.</param>
    /// <param name="configureTasks">For benchmarks and tests that need extra orchestrators or activities on the same worker as the pipeline's.</param>
    /// <param name="storagePolicies">For benchmarks: policies added to every storage request of the runtime (the pipeline's clients and the durable backend's), made once per client for its service.</param>
    public static async Task<LocalRuntime> StartAsync(
        string[] args,
        CancellationToken cancellationToken,
        Action<DurableTaskRegistry>? configureTasks = null,
        IEnumerable<Func<StorageService, Azure.Core.Pipeline.HttpPipelinePolicy>>? storagePolicies = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = EnvironmentOf(args) });
        var root = LocalSettings.FindRepositoryRoot(Directory.GetCurrentDirectory());

        // Settings come from local.settings.json, overridden by the environment and the command line.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = LocalSettings.Load(root),
        });
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.DurableTask", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);

        // Settings are checked before anything starts, so a bad one fails with its name and leaves nothing running.
        var backendLevel = builder.Configuration.GetValue("Local:BackendLogLevel", LogLevel.Warning);
        // The app's console settings (Logging:Console, such as LogToStandardErrorThreshold) apply to this logger too.
        var backendLogging = LoggerFactory.Create(logging =>
        {
            logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(backendLevel);
            logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(builder.Configuration.GetSection("Logging:Console"));
        });
        var startup = backendLogging.CreateLogger<LocalRuntime>();
        LocalRuntimeOptions local;
        PipelineOptions pipeline;
        StorageTransport transport;
        try
        {
            // Who callers are is the first thing said: a refused Development provider is the first line.
            LogIdentity(startup, AuthOptions.Read(builder.Configuration, builder.Environment, AuthProvider.Development).SelectedProvider, builder.Environment.EnvironmentName);
            local = LocalRuntimeOptions.From(builder.Configuration);
            pipeline = ValidatedSettings.Read<PipelineOptions, PipelineOptionsValidator>(builder.Configuration, PipelineOptions.Section);
            // One transport for the backend's clients and the pipeline's, so that one injector (a test setting) covers both.
            transport = StorageTransport.From(builder.Configuration, backendLogging, storagePolicies);
        }
        catch (OptionsValidationException e)
        {
            LogInvalidSettings(startup, string.Join(" ", e.Failures));
            backendLogging.Dispose();
            throw;
        }
        catch (InvalidOperationException e)
        {
            LogInvalidSettings(startup, e.Message);
            backendLogging.Dispose();
            throw;
        }

        if (transport.Faults is { } faults)
        {
            LogFaultsInjected(startup, faults.Settings.Rate, faults.Settings.Seed, string.Join(",", faults.Settings.Kinds.Select(StorageFaultSettings.NameOf)));
        }

        AzuriteProcess? azurite = null;
        LocalDurableBackend? backend = null;
        try
        {
            var storage = LocalRuntimeOptions.ConfiguredStorage(builder.Configuration);
            if (storage is null && !local.StartAzurite)
            {
                storage = AzuriteProcess.ConnectionStringFor(local.AzuritePorts);
                builder.Configuration[SettingNames.Storage] = storage;
            }
            else if (storage is null)
            {
                var ports = local.AzuritePorts;
                var data = Path.GetFullPath(Path.Combine(root, local.DataDirectory, "azurite"));
                azurite = await AzuriteProcess.StartAsync(root, data, ports, cancellationToken);
                storage = azurite.ConnectionString;
                builder.Configuration[SettingNames.Storage] = storage;
                LogAzuriteStarted(startup, ports.Blob, ports.Queue, ports.Table, data);
            }

            var hub = builder.Configuration[SettingNames.TaskHubName];
            var taskHub = string.IsNullOrWhiteSpace(hub) ? DefaultTaskHub : hub;
            var node = local.NodeNameFor(builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? DefaultUrl);
            backend = await LocalDurableBackend.StartAsync(
                new LocalDurableOptions
                {
                    StorageConnectionString = storage,
                    Transport = transport,
                    TaskHubName = taskHub,
                    WorkerId = node,
                    // Locks are renewed while work runs, so these bound only how long a crashed process's work waits.
                    WorkItemVisibilityTimeout = local.WorkItemVisibilityTimeout,
                    ControlQueueVisibilityTimeout = local.ControlQueueVisibilityTimeout,
                },
                backendLogging,
                cancellationToken);

            builder.Services.AddSingleton(transport);
            builder.Services.AddPipeline(builder.Configuration).AddPipelineApi(AuthProvider.Development)
                .AddPipelineTelemetry(builder.Configuration, ServiceName);
            builder.Services.AddSingleton(local);
            builder.Services.AddDurableTaskWorker(worker =>
            {
                worker.AddTasks(tasks =>
                {
                    tasks.AddPipelineTasks();
                    configureTasks?.Invoke(tasks);
                });
                worker.UseGrpc(backend.Channel);
            });
            builder.Services.AddDurableTaskClient(client => client.UseGrpc(backend.Channel));
            builder.Services.AddSingleton(sp => new LeaderLease(
                sp.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>(), taskHub.ToLowerInvariant(), node, sp.GetRequiredService<ILogger<LeaderLease>>()));
            builder.Services.AddHostedService<ModelUploadWatcher>();
            builder.Services.AddHostedService<Cleanup.CleanupScheduler>();
            builder.Services.AddHostedService<Events.EventDispatchService>();

            var app = builder.Build();
            app.UseProblemStatusPages();
            app.MapPipelineApi();
            // Local only: the runtime's root opens the approver's page (in Azure the Functions host owns "/").
            app.MapGet("/", () => Results.Redirect($"/{ApiRoutes.Prefix}/{ApiRoutes.Ui}/"));
            await app.StartAsync(cancellationToken);
            return new LocalRuntime(app, backend, azurite, backendLogging);
        }
        catch
        {
            if (backend is not null)
            {
                await backend.DisposeAsync();
            }

            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            backendLogging.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The environment to run in: the one DOTNET_ENVIRONMENT, ASPNETCORE_ENVIRONMENT or <c>--environment</c>
    /// names (read from the same sources, in the same order, as the host reads them), else Development,
    /// since the local runtime is a developer's tool (and so runs with the Development identity provider).
    /// </summary>
    private static string EnvironmentOf(string[] args)
    {
        var named = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[HostDefaults.EnvironmentKey];
        return string.IsNullOrWhiteSpace(named) ? Environments.Development : named;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await App.StopAsync(timeout.Token);
        }

        await backend.DisposeAsync();
        await App.DisposeAsync();
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        backendLogging.Dispose();
    }

    private static void LogIdentity(ILogger logger, AuthProvider provider, string environment)
    {
        if (provider == AuthProvider.Development)
        {
            LogDevelopmentIdentity(logger, environment, DevelopmentCallerResolver.DefaultName);
        }
        else
        {
            LogVerifiedIdentity(logger, provider);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity: Development provider ({Environment} environment). Nothing is verified: the caller is whoever " +
        "X-MS-CLIENT-PRINCIPAL-NAME says ({DefaultName} without it), with the roles X-Pipeline-Roles lists (every role without it). Never expose this runtime.")]
    private static partial void LogDevelopmentIdentity(ILogger logger, string environment, string defaultName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Identity: {Provider} provider.")]
    private static partial void LogVerifiedIdentity(ILogger logger, AuthProvider provider);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refusing to start: {Failures}")]
    private static partial void LogInvalidSettings(ILogger logger, string failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage faults are injected into {Rate:P0} of storage requests (seed {Seed}, kinds {Kinds}): a test setting (Pipeline__StorageFaults__*).")]
    private static partial void LogFaultsInjected(ILogger logger, double rate, int seed, string kinds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Started Azurite on ports {Blob}/{Queue}/{Table}, data in {DataDirectory}.")]
    private static partial void LogAzuriteStarted(ILogger logger, int blob, int queue, int table, string dataDirectory);
}
