using Pipeline.Workflow.Configuration;

namespace Pipeline.Local.Hosting;

/// <summary>Settings only the local runtime reads (section <c>Local</c>, environment <c>Local__*</c>).</summary>
public sealed class LocalRuntimeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Local";

    /// <summary>Where Azurite keeps its data when the runtime starts it (relative to the repository root).</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>How often the models container is scanned for uploads.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether the runtime starts its own Azurite when no storage is configured. False joins an Azurite
    /// already listening on <see cref="AzuritePorts"/> (one that several nodes share) with its well-known account.
    /// </summary>
    public bool StartAzurite { get; set; } = true;

    /// <summary>Azurite's blob port, when the runtime starts it.</summary>
    public int AzuriteBlobPort { get; set; } = 10000;

    /// <summary>Azurite's queue port, when the runtime starts it.</summary>
    public int AzuriteQueuePort { get; set; } = 10001;

    /// <summary>Azurite's table port, when the runtime starts it.</summary>
    public int AzuriteTablePort { get; set; } = 10002;

    /// <summary>
    /// This node's name among the runtimes sharing one task hub: the durable backend's worker id, so it
    /// must differ between nodes and stay the same across a node's restarts (a restarted node then takes
    /// its partition leases back at once). Empty means the machine name and the API's port.
    /// </summary>
    public string NodeName { get; set; } = string.Empty;

    /// <summary>
    /// How long an activity message a node has taken stays invisible to the others. The node renews the lock
    /// while the activity runs (at a third of this), so an evaluation of any length runs once at a time; this
    /// bounds how long the activity of a crashed node waits before it runs again.
    /// </summary>
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The same for orchestration messages on the control queues: how long the messages a crashed node had
    /// dequeued wait before its restart (or the node that takes its partitions) sees them again.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Azurite's three ports.</summary>
    public AzuritePorts AzuritePorts => new(AzuriteBlobPort, AzuriteQueuePort, AzuriteTablePort);

    /// <summary>The options in <paramref name="configuration"/>, defaults where unset; invalid ones throw naming the setting.</summary>
    public static LocalRuntimeOptions From(IConfiguration configuration) =>
        ValidatedSettings.Read<LocalRuntimeOptions, LocalRuntimeOptionsValidator>(configuration, Section);

    /// <summary>The node name: <see cref="NodeName"/> when set, else the machine name and the port of the first of <paramref name="urls"/>.</summary>
    public string NodeNameFor(string? urls)
    {
        if (!string.IsNullOrWhiteSpace(NodeName))
        {
            return NodeName.Trim();
        }

        var first = (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        // Kestrel's wildcard hosts ("http://*:80", "http://+:80") are not URIs; only the port matters here.
        var port = first is null ? null : Uri.TryCreate(first.Replace("*", "localhost").Replace("+", "localhost"), UriKind.Absolute, out var uri) ? uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return port is null ? Environment.MachineName : $"{Environment.MachineName}-{port}";
    }

    /// <summary>
    /// The configured storage connection string, or null when the local Azurite is meant (the setting
    /// is empty or <c>UseDevelopmentStorage=true</c>, as in local.settings.sample.json).
    /// </summary>
    public static string? ConfiguredStorage(IConfiguration configuration)
    {
        var storage = configuration[SettingNames.Storage];
        return string.IsNullOrWhiteSpace(storage) || storage.Trim() == "UseDevelopmentStorage=true" ? null : storage;
    }
}
