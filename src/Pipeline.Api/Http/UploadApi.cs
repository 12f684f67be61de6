using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Pipeline.Core.Access;
using Pipeline.Core.Errors;
using Pipeline.Core.Naming;
using Pipeline.Workflow.Uploads;

namespace Pipeline.Api.Http;

/// <summary>
/// POST /api/uploads: an uploader says "this blob is uploaded", and the pipeline handles it at once, as the blob
/// trigger (Event Grid in Azure) or the local watcher's next scan would: the same <see cref="UploadRegistrar"/>,
/// so a notice and the event for one blob register it once, in either order. The notice adds no trust: whether
/// the blob becomes a version, and who its uploader is, is decided from the blob and the upload intents, as
/// for any upload.
/// </summary>
public sealed class UploadApi(ApiGate gate, UploadRegistrar registrar)
{
    /// <summary>
    /// POST /api/uploads <c>{"blobPath": "model/version/file"}</c>: 202 with the version it registered (or had
    /// registered); 404 when no such blob is in the models container (nothing is recorded); 409 with the reason
    /// when the upload is not registered (it is listed with the rejected uploads, as the event would list it).
    /// </summary>
    public Task<IResult> NotifyAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken) =>
        gate.HandleAsync(request, PipelineAction.RegisterVersion, async _ =>
        {
            var body = await JsonBody.ReadAsync(request, new UploadNotificationRequest(null), cancellationToken);
            if (string.IsNullOrWhiteSpace(body.BlobPath))
            {
                throw new InvalidRequestException("A notice names the uploaded blob: send {\"blobPath\": \"<model>/<version>/<file>\"}, its path in the models container.");
            }

            // A path that can never be a version is refused here, unrecorded: only an upload that exists is listed as rejected.
            var path = ArtifactPath.TryParse(body.BlobPath)
                ?? throw new InvalidNameException("blobPath", $"'{body.BlobPath}' is not <model>/<version>/<file> with a valid model name, version label and file name.");
            var result = await registrar.RegisterAsync(client, path.BlobName, cancellationToken);
            return result switch
            {
                { Disposition: UploadDisposition.Registered or UploadDisposition.Duplicate, Version: { } v } => new WithHeaders(
                    Results.Json(
                        new UploadNotificationResponse(path.BlobName, v.Model, v.Version, result.Disposition == UploadDisposition.Registered ? "registered" : "duplicate", v.Stage.ToString(), v.Status?.ToString() ?? string.Empty),
                        ApiJson.Options,
                        statusCode: StatusCodes.Status202Accepted),
                    ("Location", "/" + ApiRoutes.PathOf(ApiRoutes.Version, v.Model, v.Version))),
                { Disposition: UploadDisposition.Rejected } => ApiProblems.Problem(
                    StatusCodes.Status409Conflict, "Upload not registered", result.Reason ?? "The upload was not registered.", ("blobPath", path.BlobName)),
                _ => ApiProblems.Problem(
                    StatusCodes.Status404NotFound, "No such upload", $"There is no blob '{path.BlobName}' in the models container: upload it first, then send the notice.", ("blobPath", path.BlobName)),
            };
        }, cancellationToken);
}
