using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Core.Uploads;
using Pipeline.Workflow.Orchestrators;

namespace Pipeline.Workflow.Uploads;

/// <summary>
/// Handles one uploaded blob, for the Event Grid blob trigger and the local watcher alike:
/// registers it (the registry row decides whether it is new) and starts its first round of tests.
/// </summary>
public sealed partial class UploadRegistrar(
    VersionRegistration versions,
    ModelVersionRounds rounds,
    IUploadLog uploads,
    TimeProvider clock,
    ILogger<UploadRegistrar> logger)
{
    /// <summary>Registers the blob and starts its tests; safe to call any number of times for the same blob.</summary>
    public async Task<UploadDisposition> HandleAsync(DurableTaskClient client, string blobName, CancellationToken cancellationToken) =>
        (await RegisterAsync(client, blobName, cancellationToken)).Disposition;

    /// <summary>As <see cref="HandleAsync"/>, saying also which version the upload is, or why it was not registered.</summary>
    public async Task<UploadResult> RegisterAsync(DurableTaskClient client, string blobName, CancellationToken cancellationToken)
    {
        ArtifactPath path;
        try
        {
            path = ArtifactPath.Parse(blobName);
        }
        catch (InvalidUploadPathException e)
        {
            return await RejectAsync(blobName, e.Message, cancellationToken);
        }

        var registration = await versions.RegisterAsync(path, cancellationToken);
        switch (registration.Outcome)
        {
            case RegistrationOutcome.Registered:
            case RegistrationOutcome.AlreadyRegistered when registration.Version!.State == VersionState.Registered:
                // Also for a repeat while still Registered: the first event may have died before starting the round.
                await rounds.StartRegisteredAsync(client, registration.Version!, justRegistered: registration.Outcome == RegistrationOutcome.Registered, cancellationToken);
                LogHandled(logger, blobName, UploadDisposition.Registered);
                return new UploadResult(UploadDisposition.Registered, registration.Version);
            case RegistrationOutcome.AlreadyRegistered:
                LogHandled(logger, blobName, UploadDisposition.Duplicate);
                return new UploadResult(UploadDisposition.Duplicate, registration.Version);
            case RegistrationOutcome.OtherArtifactInVersion:
                return await RejectAsync(
                    blobName,
                    $"Version '{path.Key.Version}' of model '{path.Key.Model}' is already registered with '{registration.Version!.ArtifactPath}'. A version holds one artifact: upload this one as a new version.",
                    cancellationToken);
            case RegistrationOutcome.ArtifactOverwritten:
                return await RejectAsync(
                    blobName,
                    "This registered artifact was overwritten. Registered artifacts are immutable: the version keeps the copy its tests secured in the vault (a version not yet copied fails its integrity check), and the changed file is ignored. Upload it as a new version.",
                    cancellationToken);
            case RegistrationOutcome.IntentRequired:
                return await RejectAsync(blobName, UploadVerification.ExplainRefusal(path), cancellationToken);
            default:
                LogHandled(logger, blobName, UploadDisposition.Missing);
                return new UploadResult(UploadDisposition.Missing);
        }
    }

    private async Task<UploadResult> RejectAsync(string blobName, string reason, CancellationToken cancellationToken)
    {
        LogRejected(logger, blobName, reason);
        await uploads.RecordRejectedAsync(new RejectedUpload(blobName, reason, clock.GetUtcNow()), cancellationToken);
        return new UploadResult(UploadDisposition.Rejected, Reason: reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {BlobName}: {Disposition}.")]
    private static partial void LogHandled(ILogger logger, string blobName, UploadDisposition disposition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {BlobName} was not registered: {Reason}")]
    private static partial void LogRejected(ILogger logger, string blobName, string reason);
}
