using Microsoft.AspNetCore.Http;
using Pipeline.Core.Errors;
using Pipeline.Storage;

namespace Pipeline.Api.Http;

/// <summary>
/// GET /api/health, for probes: anonymous, answers 200 <c>{"status": "ok"}</c> once storage answers, and a
/// 503 problem when it does not. It says nothing else, since anyone may call it.
/// </summary>
public sealed class HealthApi(StorageProbe storage)
{
    /// <summary>Checks that storage is reachable.</summary>
    public async Task<IResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await storage.CheckAsync(cancellationToken);
            return Results.Json(new HealthResponse("ok"), ApiJson.Options);
        }
        catch (StorageUnavailableException e)
        {
            return ApiProblems.From(e);
        }
    }
}
