using Microsoft.AspNetCore.Http;
using Pipeline.Core.Access;
using Pipeline.Core.Approvals;
using Pipeline.Core.Errors;
using Pipeline.Core.Staging;

namespace Pipeline.Api.Http;

/// <summary>
/// GET /api/approvals: the approver's inbox, for any verified caller (reading needs no role). The decisions
/// themselves stay on <see cref="ModelApi"/>'s approve and reject routes, with their identity rules.
/// </summary>
public sealed class ApprovalsApi(ApiGate gate, ApprovalInbox inbox)
{
    /// <summary>The one <c>status</c> the inbox lists (and its default).</summary>
    public const string PendingStatus = "pending";

    /// <summary>GET /api/approvals?status=pending: one page of the versions awaiting a decision, oldest first.</summary>
    public Task<IResult> ListAsync(HttpRequest request, string? status, CancellationToken cancellationToken) =>
        gate.HandleAsync(request, PipelineAction.Read, async _ =>
        {
            if (status is not null && !string.Equals(status, PendingStatus, StringComparison.Ordinal))
            {
                throw new InvalidRequestException($"'status' must be '{PendingStatus}' (the default); '{status}' is not a status the inbox lists.");
            }

            var page = await inbox.ListPendingAsync(ApiPaging.Read(request), cancellationToken);
            return ApiPaging.Json(request, page.Items.Select(ToResponse).ToList(), page.NextPageToken);
        }, cancellationToken);

    private static PendingApprovalResponse ToResponse(PendingApproval pending)
    {
        var v = pending.Version;
        return new PendingApprovalResponse(
            v.Model,
            v.Version,
            pending.UploadedBy,
            pending.UploaderVerified,
            v.RegisteredAt,
            v.ApprovalDueAt,
            v.Attempt,
            v.CurrentApprovals.Count,
            pending.RequiredApprovals,
            [.. v.CurrentDecisions.Select(d => d.ToResponse())],
            v.TestResults.Count > 0 && v.TestResults.All(c => c.Outcome != CheckOutcome.Failed),
            [.. v.TestResults.Select(c => new CheckSummaryResponse(c.Name, c.Outcome, c.Reason))],
            pending.AgainstProduction,
            Links(v.Model, v.Version))
        {
            Number = v.Number > 0 ? v.Number : null,
            TransitionRequests = [.. TransitionRequests.Pending(v).Select(r => new TransitionRequestResponse(r.Id, r.ToStage, r.Requester, r.Comment, r.At))],
        };
    }

    private static ApprovalLinksResponse Links(string model, string version)
    {
        string Path(string route) => "/" + ApiRoutes.PathOf(route, model, version);
        return new ApprovalLinksResponse(
            Path(ApiRoutes.Version), Path(ApiRoutes.Report), Path(ApiRoutes.Approve), Path(ApiRoutes.Reject), Path(ApiRoutes.History), Path(ApiRoutes.Production));
    }
}
