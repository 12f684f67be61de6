using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Pipeline.Api.Http;

namespace Pipeline.Functions.Http;

/// <summary>POST /api/uploads as a Functions trigger, on the shared <see cref="UploadApi"/>: a notice that registers an upload before its Event Grid event arrives.</summary>
public sealed class UploadHttpFunctions(UploadApi api)
{
    /// <summary>POST /api/uploads.</summary>
    [Function(nameof(NotifyUpload))]
    public async Task<IActionResult> NotifyUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Uploads)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        new ResultActionResult(await api.NotifyAsync(request, client, request.HttpContext.RequestAborted));
}
