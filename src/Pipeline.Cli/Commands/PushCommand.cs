using System.CommandLine;
using Pipeline.Cli.Failures;
using Pipeline.Cli.Following;
using Pipeline.Cli.Http;
using Pipeline.Cli.Uploads;
using Pipeline.Core.Lifecycle;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline push FILE --model M --version V</c>: asks for an upload intent (so the caller is the version's verified
/// uploader), uploads the file through its URL, tells the pipeline it is there (POST /api/uploads), then follows the
/// version until its staging tests end.
/// Exit 0 when it awaits approval, 1 when its tests failed or the upload was not registered.
/// </summary>
internal static class PushCommand
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(35);

    public static Command Create(CommonOptions common)
    {
        var file = new Argument<FileInfo>("file") { Description = "The model file to upload (one artifact per version)." };
        var model = new Option<string>("--model") { Description = "The model's name.", Required = true };
        var version = new Option<string>("--version") { Description = "The new version's label (v1, 2026-11-20, …).", Required = true };
        var blockSize = new Option<long>("--block-size")
        {
            Description = $"Upload in blocks of this many bytes, 4 at a time; a file no larger goes in one request (default {ArtifactUpload.DefaultBlockSize}).",
            DefaultValueFactory = _ => ArtifactUpload.DefaultBlockSize,
            CustomParser = result => PositiveNumbers.Parse(result, $"--block-size is a number of bytes from 1 to {ArtifactUpload.MaxBlockSize}", ArtifactUpload.MaxBlockSize),
            HelpName = "bytes",
        };
        var timeout = new Option<TimeSpan>("--timeout")
        {
            Description = "How long to follow the version before giving up (the tests keep running).",
            DefaultValueFactory = _ => DefaultTimeout,
            HelpName = "hh:mm:ss",
        };

        var command = new Command("push", "Upload a model file as a new version and follow its staging tests.")
        {
            file, model, version, blockSize, timeout,
        };
        command.SetAction(common.Action(async (session, parse, cancellationToken) =>
        {
            var source = parse.GetValue(file)!;
            if (!source.Exists)
            {
                throw new UsageException($"There is no file '{source.FullName}'.");
            }

            var (m, v) = (parse.GetValue(model)!, parse.GetValue(version)!);
            var output = session.Output;
            var intent = (await session.Api.PostAsync(ApiPaths.UploadIntents(m, v), new { fileName = source.Name }, cancellationToken)).Read<UploadIntentView>();
            var startedAt = session.Clock.GetUtcNow();
            await UploadProgress.RunAsync(output, source.Name, source.Length, progress =>
                ArtifactUpload.UploadAsync(intent.UploadUrl, source, parse.GetValue(blockSize), progress, cancellationToken));
            output.Say($"Uploaded {source.Name} as {intent.BlobPath}, as its verified uploader.");
            await NotifyAsync(session, intent.BlobPath, cancellationToken);
            var follower = new VersionFollower(session.Api, output, session.Clock);
            var (ended, document) = await follower.FollowTestsAsync(m, v, intent.BlobPath, startedAt, parse.GetValue(timeout), cancellationToken);
            switch (ended.Status)
            {
                case VersionState.AwaitingApproval:
                    output.Say($"{m}/{v} passed its staging tests and awaits approval{Due(ended)}: pipeline approve {m} {v}");
                    output.Document(document.Json);
                    return ExitCodes.Ok;
                case VersionState.TestsFailed:
                    throw new CommandRefusedException("Tests failed", $"{m}/{v}: {ended.StatusReason}", document.Json);
                default:
                    throw new CommandRefusedException("Not awaiting approval", $"{m}/{v} is {ended.State}: {ended.StatusReason ?? "no reason recorded"}", document.Json);
            }
        }));
        return command;
    }

    // Registers the upload now rather than when its blob event arrives (or the local watcher next scans). A refusal
    // (409: the registry will not take the file) ends the command with its reason; a server that has no such
    // route (404) leaves registration to the event, which the following then waits for.
    private static async Task NotifyAsync(CommandSession session, string blobPath, CancellationToken cancellationToken)
    {
        try
        {
            await session.Api.PostAsync(ApiPaths.Uploads, new { blobPath }, cancellationToken);
        }
        catch (ApiRefusedException e) when (e.Status == 404)
        {
        }
    }

    private static string Due(VersionView version) =>
        version.ApprovalDueAt is { } due ? $" until {Output.ResultTables.Time(due)}" : string.Empty;
}
