using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Pipeline.Cli.Failures;

namespace Pipeline.Cli.Http;

/// <summary>
/// The pipeline's HTTP API as the CLI calls it. A 2xx is an <see cref="ApiDocument"/>; a 4xx is an
/// <see cref="ApiRefusedException"/> with the problem document's title and detail; a 5xx or no answer at all is
/// tried again (a POST with the same <c>Idempotency-Key</c>, so the API carries it out once) and then a
/// <see cref="PipelineUnavailableException"/>. <see cref="ExitCodes.ForStatus"/> decides which status is which.
/// </summary>
internal sealed class PipelineClient(HttpClient http, AccessTokenSource tokens)
{
    private const int Attempts = 3;
    private const int MaxDetailLength = 500;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Where the API is.</summary>
    public Uri BaseAddress => http.BaseAddress!;

    /// <summary>GET <paramref name="path"/>.</summary>
    public async Task<ApiDocument> GetAsync(string path, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, path, body: null, notFoundIsNull: false, cancellationToken))!;

    /// <summary>GET <paramref name="path"/>, or null when the API answers 404 (a version not registered yet).</summary>
    public Task<ApiDocument?> FindAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, body: null, notFoundIsNull: true, cancellationToken);

    /// <summary>POST <paramref name="body"/> as JSON to <paramref name="path"/>.</summary>
    public async Task<ApiDocument> PostAsync(string path, object body, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, path, body, notFoundIsNull: false, cancellationToken))!;

    private async Task<ApiDocument?> SendAsync(HttpMethod method, string path, object? body, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        // One key for every attempt of this request: a repeat is answered with the first answer and changes nothing.
        var idempotencyKey = method == HttpMethod.Post ? Guid.NewGuid().ToString("N") : null;
        var target = $"{method} {new Uri(BaseAddress, path)}";
        for (var attempt = 1; ; attempt++)
        {
            PipelineUnavailableException failure;
            try
            {
                using var request = new HttpRequestMessage(method, path);
                if (body is not null)
                {
                    request.Content = JsonContent.Create(body, options: CliJson.Options);
                }

                if (idempotencyKey is not null)
                {
                    request.Headers.Add("Idempotency-Key", idempotencyKey);
                }

                if (await tokens.GetAsync(cancellationToken) is { } token)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                using var response = await http.SendAsync(request, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                var status = (int)response.StatusCode;
                if (notFoundIsNull && status == 404)
                {
                    return null;
                }

                switch (ExitCodes.ForStatus(status))
                {
                    case ExitCodes.Ok:
                        return new ApiDocument(status, text)
                        {
                            NextPageToken = response.Headers.TryGetValues("Link", out var links) ? PagedReads.NextToken(links) : null,
                        };
                    case ExitCodes.Refused:
                        throw new ApiRefusedException(status, ReadProblem(status, response.ReasonPhrase, text), text);
                }

                var problem = ReadProblem(status, response.ReasonPhrase, text);
                failure = new PipelineUnavailableException(problem.Title ?? $"HTTP {status}", $"{target} answered {status}: {problem.Detail}");
            }
            catch (HttpRequestException e)
            {
                failure = new PipelineUnavailableException("Pipeline unreachable", $"{target}: {e.Message}", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = new PipelineUnavailableException("Pipeline unreachable", $"{target} did not answer within {http.Timeout.TotalSeconds:0} s.", e);
            }

            if (attempt == Attempts)
            {
                throw failure;
            }

            await Task.Delay(FirstRetryDelay * (attempt * attempt), cancellationToken);
        }
    }

    // RFC 9457 when the API wrote the answer; a proxy's or a host's page otherwise, shortened to its start.
    private static ApiProblem ReadProblem(int status, string? reasonPhrase, string text)
    {
        try
        {
            if (JsonSerializer.Deserialize<ApiProblem>(text, CliJson.Options) is { Title: not null } problem)
            {
                return problem;
            }
        }
        catch (JsonException)
        {
            // Not a problem document; described below.
        }

        var detail = text.Length <= MaxDetailLength ? text : text[..MaxDetailLength] + "…";
        return new ApiProblem($"HTTP {status} {reasonPhrase}".TrimEnd(), string.IsNullOrWhiteSpace(detail) ? "The answer had no body." : detail, status);
    }
}
