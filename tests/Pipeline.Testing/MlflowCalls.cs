using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Testing;

/// <summary>
/// Calls to the MLflow routes as MLflow's Python client sends them: GET fields in the query string, other methods'
/// fields as a JSON body, the token as <c>Authorization: Bearer</c> (what <c>MLFLOW_TRACKING_TOKEN</c> sends).
/// </summary>
public sealed class MlflowCalls(HttpClient http)
{
    /// <summary>Sends <paramref name="method"/> to <c>api/2.0/mlflow/{operation}</c> and reads the JSON answer.</summary>
    public async Task<MlflowAnswer> SendAsync(string method, string operation, object? fields, string? token)
    {
        var path = $"api/2.0/mlflow/{operation}";
        var node = fields is null ? new JsonObject() : JsonSerializer.SerializeToNode(fields)!.AsObject();
        using var request = new HttpRequestMessage(new HttpMethod(method), method == "GET" ? path + Query(node) : path);
        if (method != "GET")
        {
            request.Content = new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await AnswerAsync(request);
    }

    /// <summary>A raw request, for bodies no client would send.</summary>
    public async Task<MlflowAnswer> SendRawAsync(string method, string operation, string body, string contentType, string? token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"api/2.0/mlflow/{operation}")
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await AnswerAsync(request);
    }

    private async Task<MlflowAnswer> AnswerAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new MlflowAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text.Length == 0 ? null : JsonNode.Parse(text), text);
    }

    private static string Query(JsonObject fields)
    {
        var parts = new List<string>();
        foreach (var (name, value) in fields)
        {
            var values = value is JsonArray array ? array.Select(v => v!.ToString()) : [value!.ToString()];
            parts.AddRange(values.Select(v => $"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(v)}"));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}

/// <summary>What an MLflow route answered.</summary>
/// <param name="Status">The status.</param>
/// <param name="ContentType">The media type.</param>
/// <param name="Body">The JSON body, or null when empty.</param>
/// <param name="Text">The body as sent.</param>
public sealed record MlflowAnswer(HttpStatusCode Status, string? ContentType, JsonNode? Body, string Text)
{
    /// <summary>The MLflow error code, for an error.</summary>
    public string? ErrorCode => Body?["error_code"]?.GetValue<string>();

    /// <summary>Asserts a 200 and returns the body.</summary>
    public JsonNode Ok()
    {
        Xunit.Assert.True(Status == HttpStatusCode.OK, $"Expected 200, got {(int)Status}: {Text}");
        return Body!;
    }

    /// <summary>Asserts an MLflow error of <paramref name="status"/> and <paramref name="code"/>, in MLflow's shape; returns its message.</summary>
    public string Error(HttpStatusCode status, string code)
    {
        Xunit.Assert.True(Status == status, $"Expected {(int)status} {code}, got {(int)Status}: {Text}");
        Xunit.Assert.Equal("application/json", ContentType);
        Xunit.Assert.Equal(code, ErrorCode);
        Xunit.Assert.Equal(["error_code", "message"], Body!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        return Body["message"]!.GetValue<string>();
    }
}
