using Pipeline.Cli.Http;
using Pipeline.Cli.Output;

namespace Pipeline.Cli.Commands;

/// <summary>What one run of a command works with: the API client and the output. The CLI runs one command per process,
/// so the session's one <see cref="HttpClient"/> is the process's, reused by every request of the command.</summary>
internal sealed class CommandSession : IDisposable
{
    private readonly HttpClient http;

    /// <summary>The header the local runtime's Development provider takes the caller's name from.</summary>
    public const string DevelopmentNameHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    public CommandSession(Uri apiBase, TimeSpan requestTimeout, AccessTokenSource tokens, string? developmentName, CliOutput output)
    {
        http = new HttpClient { BaseAddress = apiBase, Timeout = requestTimeout };
        http.DefaultRequestHeaders.UserAgent.ParseAdd($"pipeline-cli/{typeof(CommandSession).Assembly.GetName().Version?.ToString(3)}");
        if (developmentName is not null)
        {
            http.DefaultRequestHeaders.Add(DevelopmentNameHeader, developmentName);
        }

        Api = new PipelineClient(http, tokens);
        Output = output;
    }

    /// <summary>The pipeline's API.</summary>
    public PipelineClient Api { get; }

    /// <summary>Where to write.</summary>
    public CliOutput Output { get; }

    /// <summary>How time passes, for the waits that poll the API.</summary>
    public TimeProvider Clock { get; } = TimeProvider.System;

    /// <inheritdoc />
    public void Dispose() => http.Dispose();
}
