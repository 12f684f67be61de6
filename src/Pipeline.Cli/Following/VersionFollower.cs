using System.Globalization;
using Pipeline.Cli.Failures;
using Pipeline.Cli.Http;
using Pipeline.Cli.Output;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Staging;

namespace Pipeline.Cli.Following;

/// <summary>
/// Follows one version through the pipeline by polling <c>GET …/versions/{version}</c>, saying each change of
/// state and each check as it appears in <c>testResults</c>, until the version gets where the command waits for.
/// </summary>
internal sealed class VersionFollower(PipelineClient api, CliOutput output, TimeProvider clock)
{
    /// <summary>How often the version is read.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    // Reading every rejected upload is heavier than a point read: only every few polls while the version is unregistered.
    private const int PollsPerRejectionCheck = 4;

    // The pipeline notes an upload it refuses with the time it saw it; a little slack for clocks that differ.
    private static readonly TimeSpan ClockSlack = TimeSpan.FromMinutes(5);

    private readonly HashSet<string> shownChecks = new(StringComparer.Ordinal);
    private string? shownState;

    /// <summary>
    /// Follows a version just uploaded to <paramref name="blobPath"/> until its staging tests end (it awaits approval,
    /// or failed, or left staging), and returns it as it ended. An upload the pipeline lists as rejected is refused
    /// with its reason; a version not there by <paramref name="timeout"/> is a <see cref="PipelineUnavailableException"/>.
    /// </summary>
    public async Task<(VersionView Version, ApiDocument Document)> FollowTestsAsync(
        string model, string version, string blobPath, DateTimeOffset uploadedAt, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + timeout;
        for (var poll = 1; ; poll++)
        {
            if (await api.FindAsync(ApiPaths.Version(model, version), cancellationToken) is { } document)
            {
                var view = document.Read<VersionView>();
                Show(view);
                if (view.Stage != Stage.Staging || view.Status is not (VersionState.Registered or VersionState.Testing))
                {
                    return (view, document);
                }
            }
            else if (poll % PollsPerRejectionCheck == 1 && await FindRejectionAsync(blobPath, uploadedAt, cancellationToken) is { } rejected)
            {
                throw new CommandRefusedException("Upload not registered", $"The pipeline did not register {rejected.BlobName}: {rejected.Reason}");
            }

            if (clock.GetUtcNow() > deadline)
            {
                throw new PipelineUnavailableException(
                    "Still testing",
                    $"{model}/{version} is {shownState ?? "not registered"} after {Seconds(timeout)}; follow it with 'pipeline models show {model}'.");
            }

            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }

    /// <summary>
    /// Waits until an approved version is in production and returns it; a version that ends anywhere else (its
    /// artifact changed and it failed, it was rejected) is refused, and one still waiting at <paramref name="timeout"/>
    /// is a <see cref="PipelineUnavailableException"/> (the approval stands).
    /// </summary>
    public async Task<(VersionView Version, ApiDocument Document)> WaitForProductionAsync(
        string model, string version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + timeout;
        while (true)
        {
            var document = await api.GetAsync(ApiPaths.Version(model, version), cancellationToken);
            var view = document.Read<VersionView>();
            if (view.Stage == Stage.Production)
            {
                return (view, document);
            }

            if (view.Stage != Stage.Staging || view.Status is not VersionState.AwaitingApproval)
            {
                throw new CommandRefusedException(
                    "Not promoted", $"{model}/{version} is {view.State}, not Production: {view.StatusReason ?? "no reason recorded"}", document.Json);
            }

            if (clock.GetUtcNow() > deadline)
            {
                throw new PipelineUnavailableException(
                    "Not in production yet",
                    $"{model}/{version} was approved but is still {view.State} after {Seconds(timeout)}; the approval stands. Check it with 'pipeline models show {model}'.");
            }

            await Task.Delay(PollInterval, clock, cancellationToken);
        }
    }

    /// <summary>A check as one line: its name, how it ended, and why.</summary>
    public static string CheckLine(CheckResult check) => $"  {check.Name,-20} {Outcome(check.Outcome),-8} {check.Reason}";

    /// <summary>How a check ended, in the API's word for it.</summary>
    public static string Outcome(CheckOutcome outcome) => outcome.ToString().ToLowerInvariant();

    private void Show(VersionView view)
    {
        var state = view.State;
        if (state != shownState)
        {
            shownState = state;
            var round = view.Attempt > 1 ? $" (round {view.Attempt})" : string.Empty;
            output.Say($"{view.Model}/{view.Version}: {state}{round}");
        }

        foreach (var check in view.TestResults.Where(c => shownChecks.Add(c.Name)))
        {
            output.Say(CheckLine(check));
        }
    }

    private async Task<RejectedUploadView?> FindRejectionAsync(string blobPath, DateTimeOffset uploadedAt, CancellationToken cancellationToken)
    {
        var rejected = (await api.GetAsync(ApiPaths.RejectedUploads, cancellationToken)).Read<List<RejectedUploadView>>();
        return rejected.FirstOrDefault(r => string.Equals(r.BlobName, blobPath, StringComparison.Ordinal) && r.SeenAt >= uploadedAt - ClockSlack);
    }

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0} s");
}
