using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests.Faults;

/// <summary>
/// A client of the API as a careful script would be while storage misbehaves: it counts every status it sees, and tries
/// a 503 again (a POST with the same Idempotency-Key) after a moment, up to a deadline.
/// </summary>
internal sealed class PatientApi(HttpClient http)
{
    private readonly ConcurrentDictionary<int, int> statuses = new();

    /// <summary>Every status seen, with how often.</summary>
    public IReadOnlyDictionary<int, int> Statuses => statuses;

    /// <summary>GET a JSON document, trying a 503 again until <paramref name="timeout"/>; fails on any other non-200.</summary>
    public async Task<JsonNode> GetJsonAsync(string path, TimeSpan? timeout = null)
    {
        var (status, body) = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), timeout);
        return status == HttpStatusCode.OK ? JsonNode.Parse(body)! : throw new HttpRequestException($"GET {path} answered {(int)status}: {body}");
    }

    /// <summary>POST a JSON body with one Idempotency-Key for every try; returns the last answer that was not a 503.</summary>
    public Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string body, string principal)
    {
        var key = Guid.NewGuid().ToString("N");
        return SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", principal);
            return request;
        }, null);
    }

    /// <summary>The version's "Stage/Status", trying a 503 again for a while, or "HTTP n".</summary>
    public async Task<string> StateOfAsync(string model, string version)
    {
        var (status, text) = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/models/{model}/versions/{version}"), TimeSpan.FromSeconds(20));
        if (status != HttpStatusCode.OK)
        {
            return $"HTTP {(int)status}";
        }

        var body = JsonNode.Parse(text)!;
        return $"{body["stage"]}/{body["status"]}";
    }

    /// <summary>Waits until the version is <paramref name="expected"/>, through any 503s.</summary>
    public Task<string> WaitForStateAsync(string model, string version, string expected, TimeSpan timeout) =>
        Eventually.WaitAsync(() => StateOfAsync(model, version), s => s == expected, timeout, $"{model}/{version} to be {expected}");

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(Func<HttpRequestMessage> request, TimeSpan? timeout)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            using var message = request();
            using var response = await http.SendAsync(message);
            Count(response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            // A POST whose first try is still being given up answers 409 "Request in progress" for a moment: try again too.
            var again = response.StatusCode == HttpStatusCode.ServiceUnavailable
                || (response.StatusCode == HttpStatusCode.Conflict && text.Contains("Request in progress", StringComparison.Ordinal));
            if (!again || DateTime.UtcNow > deadline)
            {
                return (response.StatusCode, text);
            }

            await Task.Delay(200);
        }
    }

    private void Count(HttpStatusCode status) => statuses.AddOrUpdate((int)status, 1, (_, n) => n + 1);
}
