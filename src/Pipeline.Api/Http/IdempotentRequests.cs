using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Access;
using Pipeline.Core.Errors;
using Pipeline.Core.Requests;

namespace Pipeline.Api.Http;

/// <summary>
/// <c>Idempotency-Key</c> on POST (after the IETF httpapi draft): the first request with a key runs and its final
/// answer is kept for <see cref="IdempotencyKeys.Window"/>; the same request with the same key again gets that
/// answer back, byte for byte and marked <c>Idempotent-Replayed: true</c>, and runs nothing. A key is the caller's
/// own (scoped by <see cref="Caller.Id"/>) and binds the method, the path and the body's SHA-256: the key with
/// another request is a 422, the key while its first request still runs a 409. Without the header, or on a
/// method other than POST, the request runs as it is.
/// </summary>
public sealed partial class IdempotentRequests(IIdempotencyStore store, ILogger<IdempotentRequests> logger)
{
    /// <summary>The request header that carries the key.</summary>
    public const string KeyHeader = "Idempotency-Key";

    /// <summary>The response header on an answer that is a replay of the first one.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>
    /// Answers <paramref name="request"/> from <paramref name="handler"/>, at most once per key: runs it and keeps
    /// its answer when the request is a POST with a key not seen before, replays the kept answer when the key was
    /// seen with the same request. An answer of 500 or more, or an exception, is not kept: the key is given up, so
    /// that the client may try again with it.
    /// </summary>
    /// <param name="request">The request, whose body stays readable by <paramref name="handler"/>.</param>
    /// <param name="caller">The verified caller, whose keys these are.</param>
    /// <param name="handler">Runs the request; domain failures must already be problem responses, so that they are kept and replayed too.</param>
    /// <param name="cancellationToken">Cancels reading the request and claiming the key.</param>
    /// <exception cref="InvalidRequestException">The key is not 1–255 printable ASCII characters, or sent twice.</exception>
    /// <exception cref="RequestTooLargeException">The body is over <see cref="JsonBody.MaxBytes"/>.</exception>
    /// <exception cref="IdempotencyKeyReusedException">The key was sent before with a different method, path or body.</exception>
    /// <exception cref="RequestInProgressException">The key's first request has not answered yet.</exception>
    public async Task<IResult> AnswerAsync(HttpRequest request, Caller caller, Func<Task<IResult>> handler, CancellationToken cancellationToken)
    {
        // PUT replaces, so repeating it is harmless already; GET changes nothing.
        if (!HttpMethods.IsPost(request.Method) || !request.Headers.TryGetValue(KeyHeader, out var values))
        {
            return await handler();
        }

        var key = values.Count == 1
            ? values[0] ?? string.Empty
            : throw new InvalidRequestException($"Send one {KeyHeader} header; this request has {values.Count}.");
        if (IdempotencyKeys.ExplainInvalid(key) is { } invalid)
        {
            throw new InvalidRequestException(invalid);
        }

        var sent = new IdempotentRequest(caller.Id, key, request.Method.ToUpperInvariant(), request.Path.Value ?? string.Empty, await BodySha256Async(request, cancellationToken));
        var claim = await store.ClaimAsync(sent, cancellationToken);
        return claim.Existing is { } existing
            ? Replay(existing, sent)
            : await RunOnceAsync(request.HttpContext, sent, claim.Token!, handler);
    }

    private static IResult Replay(IdempotencyRecord first, IdempotentRequest again)
    {
        var differences = IdempotencyKeys.Differences(first.Request, again);
        if (differences.Count > 0)
        {
            throw new IdempotencyKeyReusedException(differences);
        }

        return first.Response is { } response
            ? new RecordedResult(response, replayed: true)
            : throw new RequestInProgressException();
    }

    // Once the handler has run, its effects are done whether or not the client is still there: the answer is kept
    // (or the key given up) without the request's cancellation.
    private async Task<IResult> RunOnceAsync(HttpContext context, IdempotentRequest sent, string token, Func<Task<IResult>> handler)
    {
        RecordedResponse response;
        try
        {
            response = await RecordAsync(await handler(), context);
        }
        catch
        {
            await store.ReleaseAsync(sent, token, CancellationToken.None);
            throw;
        }

        if (response.Status >= StatusCodes.Status500InternalServerError)
        {
            await store.ReleaseAsync(sent, token, CancellationToken.None);
        }
        else if (!await store.CompleteAsync(sent, token, response, CancellationToken.None))
        {
            LogNotKept(logger, sent.Method, sent.Path, response.Status, response.Body.Length);
        }

        return new RecordedResult(response, replayed: false);
    }

    // The result is run into a buffer, the way the host would run it, so that the bytes kept are the bytes sent.
    private static async Task<RecordedResponse> RecordAsync(IResult result, HttpContext context)
    {
        using var body = new MemoryStream();
        var buffered = new DefaultHttpContext
        {
            RequestServices = context.RequestServices,
            TraceIdentifier = context.TraceIdentifier,
            RequestAborted = context.RequestAborted,
        };
        buffered.Response.Body = body;
        await result.ExecuteAsync(buffered);
        return new RecordedResponse(buffered.Response.StatusCode, buffered.Response.ContentType, body.ToArray());
    }

    private static async Task<string> BodySha256Async(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        var body = await JsonBody.ReadBytesAsync(request, JsonBody.MaxBytes, cancellationToken);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(SHA256.HashData(body));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answer to {Method} {Path} ({Status}, {Bytes} bytes) was sent but not kept for its Idempotency-Key: it is too large to keep, or the key was taken over after its claim expired.")]
    private static partial void LogNotKept(ILogger logger, string method, string path, int status, int bytes);

    private sealed class RecordedResult(RecordedResponse response, bool replayed) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
    {
        public int? StatusCode => response.Status;

        public string? ContentType => response.ContentType;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = response.Status;
            if (response.ContentType is not null)
            {
                httpContext.Response.ContentType = response.ContentType;
            }

            if (replayed)
            {
                httpContext.Response.Headers[ReplayedHeader] = "true";
            }

            httpContext.Response.ContentLength = response.Body.Length;
            return httpContext.Response.Body.WriteAsync(response.Body, httpContext.RequestAborted).AsTask();
        }
    }
}
