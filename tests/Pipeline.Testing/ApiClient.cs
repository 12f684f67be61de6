using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Testing;

/// <summary>Drives the pipeline's HTTP API as a user's script would.</summary>
public sealed class ApiClient(HttpClient http)
{
    /// <summary>GET a JSON document; fails the test on a non-success status.</summary>
    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!;
    }

    /// <summary>GET, returning status and body whatever the status.</summary>
    public async Task<(HttpStatusCode Status, string? ContentType, JsonNode? Body)> GetAsync(string path)
    {
        using var response = await http.GetAsync(path);
        return await ReadAsync(response);
    }

    /// <summary>POST a raw body (or none) with an optional approver name.</summary>
    public async Task<(HttpStatusCode Status, string? ContentType, JsonNode? Body)> PostAsync(string path, string? body = null, string? principal = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (principal is not null)
        {
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", principal);
        }

        using var response = await http.SendAsync(request);
        return await ReadAsync(response);
    }

    /// <summary>The version's stage and status, e.g. "Staging/AwaitingApproval" or "Production/".</summary>
    public async Task<string> StateOfAsync(string model, string version)
    {
        var (status, _, body) = await GetAsync($"api/models/{model}/versions/{version}");
        return status == HttpStatusCode.OK ? $"{body!["stage"]}/{body["status"]}" : $"HTTP {(int)status}";
    }

    /// <summary>Waits until the version reaches <paramref name="expected"/> ("Stage/Status").</summary>
    public Task<string> WaitForStateAsync(string model, string version, string expected, TimeSpan? timeout = null) =>
        Eventually.WaitAsync(() => StateOfAsync(model, version), s => s == expected, timeout ?? TimeSpan.FromSeconds(30), $"{model}/{version} to be {expected}");

    /// <summary>The check called <paramref name="name"/> in a staging report.</summary>
    public static JsonNode ReportCheck(JsonNode report, string name) =>
        report["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!;

    private static async Task<(HttpStatusCode, string?, JsonNode?)> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                json = JsonValue.Create(text);
            }
        }

        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, json);
    }
}
