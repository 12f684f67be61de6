using System.CommandLine;
using Pipeline.Cli.Failures;
using Pipeline.Cli.Http;
using Pipeline.Cli.Output;

namespace Pipeline.Cli.Commands;

/// <summary>
/// The options every command takes (anywhere on the line): where the API is, who is calling, and <c>--json</c>.
/// Each command's action runs through <see cref="Action"/>, which opens the session and turns failures into exit codes.
/// </summary>
internal sealed class CommonOptions
{
    /// <summary>Where the API is when neither <c>--api-url</c> nor <c>PIPELINE_API_URL</c> says.</summary>
    public const string DefaultApiUrl = "http://localhost:7071";

    public const string ApiUrlVariable = "PIPELINE_API_URL";
    public const string TokenVariable = "PIPELINE_TOKEN";
    public const string ScopeVariable = "PIPELINE_SCOPE";
    public const string UserVariable = "PIPELINE_USER";

    // Generous for one request; a push follows its version with many short ones.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public Option<string> ApiUrl { get; } = new("--api-url")
    {
        Description = $"The pipeline's address (env {ApiUrlVariable}; default {DefaultApiUrl}).",
        HelpName = "url",
        Recursive = true,
    };

    // No default value shown in help: a token read from the environment must not be printed.
    public Option<string> Token { get; } = new("--token")
    {
        Description = $"A bearer token sent as 'Authorization: Bearer' (env {TokenVariable}).",
        HelpName = "token",
        Recursive = true,
    };

    public Option<string> Scope { get; } = new("--scope")
    {
        Description = $"Without a token: get one from DefaultAzureCredential for this scope, e.g. api://<app id>/.default (env {ScopeVariable}).",
        HelpName = "scope",
        Recursive = true,
    };

    // Only the local runtime's Development provider reads the header; Easy Auth strips it and Jwt ignores it.
    public Option<string> User { get; } = new("--as")
    {
        Description = $"Against a local runtime with the Development provider only: the name to act as (env {UserVariable}).",
        HelpName = "name",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the API's JSON instead of tables (progress and checks go to standard error).",
        Recursive = true,
    };

    /// <summary>Adds the options to the root command, for every command under it.</summary>
    public void AddTo(RootCommand root)
    {
        root.Options.Add(ApiUrl);
        root.Options.Add(Token);
        root.Options.Add(Scope);
        root.Options.Add(User);
        root.Options.Add(Json);
    }

    /// <summary>
    /// A command action: opens a <see cref="CommandSession"/>, runs <paramref name="body"/>, and reports any failure
    /// it ends with as <see cref="ExitCodes.Classify"/> says, so that every command maps failures the same way.
    /// </summary>
    public Func<ParseResult, CancellationToken, Task<int>> Action(Func<CommandSession, ParseResult, CancellationToken, Task<int>> body) =>
        async (parseResult, cancellationToken) =>
        {
            var output = CliOutput.ForConsole(parseResult.GetValue(Json));
            try
            {
                using var session = Open(parseResult, output);
                return await body(session, parseResult, cancellationToken);
            }
            catch (Exception e) when (ExitCodes.Classify(e, cancellationToken.IsCancellationRequested) is { } failure)
            {
                output.Failure(failure);
                return failure.ExitCode;
            }
        };

    private CommandSession Open(ParseResult parseResult, CliOutput output)
    {
        var apiUrl = Given(parseResult.GetValue(ApiUrl)) ?? Given(Environment.GetEnvironmentVariable(ApiUrlVariable)) ?? DefaultApiUrl;
        if (!Uri.TryCreate(apiUrl, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--api-url must be an absolute http or https URL such as {DefaultApiUrl}; '{apiUrl}' is not.");
        }

        var tokens = AccessTokenSource.Create(
            Given(parseResult.GetValue(Token)) ?? Given(Environment.GetEnvironmentVariable(TokenVariable)),
            Given(parseResult.GetValue(Scope)) ?? Given(Environment.GetEnvironmentVariable(ScopeVariable)));
        var user = Given(parseResult.GetValue(User)) ?? Given(Environment.GetEnvironmentVariable(UserVariable));
        return new CommandSession(ApiBase(address), RequestTimeout, tokens, user, output);
    }

    // The API's routes are under /api of the address; an address given with /api at its end means the same.
    private static Uri ApiBase(Uri address)
    {
        var path = address.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^"/api".Length];
        }

        return new UriBuilder(address) { Path = path + "/", Query = string.Empty }.Uri;
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
