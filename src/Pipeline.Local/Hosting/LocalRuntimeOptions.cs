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

    /// <summary>Azurite's blob port, when the runtime starts it.</summary>
    public int AzuriteBlobPort { get; set; } = 10000;

    /// <summary>Azurite's queue port, when the runtime starts it.</summary>
    public int AzuriteQueuePort { get; set; } = 10001;

    /// <summary>Azurite's table port, when the runtime starts it.</summary>
    public int AzuriteTablePort { get; set; } = 10002;
}
