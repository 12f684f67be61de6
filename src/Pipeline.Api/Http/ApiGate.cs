using Microsoft.AspNetCore.Http;
using Pipeline.Api.Identity;
using Pipeline.Core.Access;
using Pipeline.Core.Errors;
using Pipeline.Storage;

namespace Pipeline.Api.Http;

/// <summary>
/// What every guarded handler of both hosts goes through, in this order: who the caller is
/// (<see cref="ICallerResolver"/>, 401 without a verified identity), whether their roles allow the action
/// (<see cref="AccessRules"/>, 403), at most once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>),
/// and domain failures as problem responses (<see cref="ApiProblems"/>); storage or a durable engine that does not
/// answer is a 503 with <c>Retry-After</c> (<see cref="ServiceFailures"/>). A 401 or 403 says nothing about what
/// was asked for.
/// </summary>
public sealed class ApiGate(ICallerResolver callers, IdempotentRequests idempotentRequests)
{
    /// <summary>Runs <paramref name="handler"/> for a verified caller allowed to do <paramref name="action"/>.</summary>
    public async Task<IResult> HandleAsync(HttpRequest request, PipelineAction action, Func<Caller, Task<IResult>> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        try
        {
            var caller = await callers.ResolveAsync(request, cancellationToken);
            AccessRules.Demand(caller, action);
            return await idempotentRequests.AnswerAsync(request, caller, () => ProblemOnFailureAsync(handler(caller)), cancellationToken);
        }
        catch (PipelineException e)
        {
            return ApiProblems.From(e);
        }
        catch (Exception e) when (ServiceFailures.IsUnavailable(e, cancellationToken))
        {
            // Never kept for an Idempotency-Key: the key was given up on the way out, so the same request may be sent again.
            return ApiProblems.From(ServiceFailures.AsUnavailable(e));
        }
    }

    // A domain failure is an answer like any other: a repeated request with the same Idempotency-Key gets the same problem back.
    private static async Task<IResult> ProblemOnFailureAsync(Task<IResult> answer)
    {
        try
        {
            return await answer;
        }
        catch (PipelineException e)
        {
            return ApiProblems.From(e);
        }
    }
}
