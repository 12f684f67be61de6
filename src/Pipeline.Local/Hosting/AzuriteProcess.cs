using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Pipeline.Local.Hosting;

/// <summary>
/// Azurite, the local Azure Storage emulator, run from the repository's pinned npm dependency
/// (<c>npm ci</c> installs it). Started as a child process on the given ports and data folder.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    // The well-known development account every Azure Storage SDK and tool knows; only for Azurite.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // Ctrl+C in a terminal signals the whole foreground process group. Azurite must outlive the
    // runtime's shutdown (the durable backend releases its leases in storage on the way out), so it
    // runs detached in its own group under a small parent that ignores SIGINT; the runtime stops both.
    private const string DetachedLauncher =
        "const { spawn } = require('child_process');" +
        "const child = spawn(process.execPath, process.argv.slice(1), { stdio: 'inherit', detached: true });" +
        "process.on('SIGINT', () => {});" +
        "process.on('SIGTERM', () => child.kill('SIGTERM'));" +
        "child.on('exit', code => process.exit(code ?? 0));";

    private readonly Process process;

    private AzuriteProcess(Process process, AzuritePorts ports)
    {
        this.process = process;
        Ports = ports;
    }

    /// <summary>The ports it listens on.</summary>
    public AzuritePorts Ports { get; }

    /// <summary>
    /// The process id of Azurite itself (the child of its small launcher), for fault tests that pause it with SIGSTOP.
    /// Linux only: read from <c>/proc</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The launcher has no child (Azurite exited) or <c>/proc</c> cannot be read.</exception>
    public int ServerProcessId
    {
        get
        {
            var children = Path.Combine("/proc", process.Id.ToString(CultureInfo.InvariantCulture), "task", process.Id.ToString(CultureInfo.InvariantCulture), "children");
            var ids = File.Exists(children) ? File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            return ids.Length == 1
                ? int.Parse(ids[0], CultureInfo.InvariantCulture)
                : throw new InvalidOperationException($"Azurite's launcher (pid {process.Id}) has {ids.Length} children; expected Azurite alone.");
        }
    }

    /// <summary>The connection string for this instance.</summary>
    public string ConnectionString => ConnectionStringFor(Ports);

    /// <summary>The connection string of an Azurite on <paramref name="ports"/> of this machine.</summary>
    public static string ConnectionStringFor(AzuritePorts ports) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{ports.Blob}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{ports.Queue}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{ports.Table}/{AccountName};");

    /// <summary>
    /// Starts Azurite and waits until all three services accept connections. With <paramref name="inMemory"/> it keeps
    /// nothing on disk (<c>--inMemoryPersistence</c>; <paramref name="dataDirectory"/> is then only its working folder):
    /// its table store otherwise writes the whole database to disk every few seconds, which slows a bulk load of
    /// hundreds of thousands of rows to a crawl.
    /// </summary>
    /// <exception cref="InvalidOperationException">Azurite is not installed or did not start; the message says what to do.</exception>
    public static async Task<AzuriteProcess> StartAsync(
        string repositoryRoot, string dataDirectory, AzuritePorts ports, CancellationToken cancellationToken, bool inMemory = false)
    {
        var entry = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(entry))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at '{entry}'. Run 'npm ci' in '{repositoryRoot}' first.");
        }

        Directory.CreateDirectory(dataDirectory);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = inMemory ? dataDirectory : repositoryRoot,
        };
        string[] persistence = inMemory ? ["--inMemoryPersistence"] : ["--location", dataDirectory];
        foreach (var argument in (string[])
        [
            "-e", DetachedLauncher, entry, "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
            .. persistence,
            "--blobHost", "127.0.0.1", "--blobPort", ports.Blob.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", ports.Queue.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", ports.Table.ToString(CultureInfo.InvariantCulture),
        ])
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Node.js ('node') is needed to run Azurite and was not found on PATH.", e);
        }

        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (errors) { errors.AppendLine(e.Data); } } };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var azurite = new AzuriteProcess(process, ports);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await AllListeningAsync(ports, cancellationToken))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await azurite.DisposeAsync();
                string detail;
                lock (errors)
                {
                    detail = errors.ToString();
                }

                throw new InvalidOperationException(
                    $"Azurite did not start on ports {ports.Blob}/{ports.Queue}/{ports.Table} (are they in use?). {detail}".Trim());
            }

            await Task.Delay(100, cancellationToken);
        }

        return azurite;
    }

    /// <summary>Stops Azurite.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    private static async Task<bool> AllListeningAsync(AzuritePorts ports, CancellationToken cancellationToken)
    {
        foreach (var port in new[] { ports.Blob, ports.Queue, ports.Table })
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            }
            catch (SocketException)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Azurite's three ports.</summary>
/// <param name="Blob">Blob service port.</param>
/// <param name="Queue">Queue service port.</param>
/// <param name="Table">Table service port.</param>
public sealed record AzuritePorts(int Blob, int Queue, int Table);
