using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Pipeline.Local.Hosting;
using Xunit;

namespace Pipeline.Testing;

/// <summary>
/// A real Azurite for one test assembly, on free ports and in its own temporary folder.
/// If it cannot start, every test using it fails with the reason; nothing is skipped.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? azurite;

    // xUnit creates fixtures through their one public constructor, so the in-memory choice is a property.

    /// <summary>
    /// Whether it keeps everything in memory (a benchmark's bulk load) rather than on disk in
    /// <see cref="DataDirectory"/>, as the local runtime runs it.
    /// </summary>
    public bool InMemory { get; init; }

    /// <summary>The folder Azurite keeps its data in.</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "pipeline-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The connection string of the running instance.</summary>
    public string ConnectionString => (azurite ?? throw new InvalidOperationException("Azurite is not running.")).ConnectionString;

    /// <summary>The process id of Azurite itself, for a test that pauses it (only ever its own fixture's).</summary>
    public int ServerProcessId => (azurite ?? throw new InvalidOperationException("Azurite is not running.")).ServerProcessId;

    /// <summary>The ports it listens on.</summary>
    public AzuritePorts Ports => (azurite ?? throw new InvalidOperationException("Azurite is not running.")).Ports;

    /// <summary>A blob client on it.</summary>
    public BlobServiceClient Blobs => new(ConnectionString);

    /// <summary>A table client on it.</summary>
    public TableServiceClient Tables => new(ConnectionString);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var root = RepositoryRoot;
        var ports = FreePorts.Take(3);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        azurite = await AzuriteProcess.StartAsync(root, DataDirectory, new AzuritePorts(ports[0], ports[1], ports[2]), timeout.Token, InMemory);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    /// <summary>The repository root (holds Pipeline.sln and node_modules).</summary>
    public static string RepositoryRoot => LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory);
}
