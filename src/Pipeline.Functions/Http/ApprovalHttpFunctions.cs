using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Api.Http;

namespace Pipeline.Functions.Http;

/// <summary>The approver's inbox as a Functions trigger, on the same route constant and handler as the local runtime.</summary>
public sealed class ApprovalHttpFunctions(ApprovalsApi approvals)
{
    /// <summary>GET /api/approvals?status=pending.</summary>
    [Function(nameof(ListApprovals))]
    public async Task<IActionResult> ListApprovals(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Approvals)] HttpRequest request) =>
        new ResultActionResult(await approvals.ListAsync(request, request.Query["status"].FirstOrDefault(), request.HttpContext.RequestAborted));
}
