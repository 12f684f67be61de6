using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Pipeline.Api.Http;
using Pipeline.Core.Errors;

namespace Pipeline.Api.Mlflow;

/// <summary>
/// The fields of an MLflow request, wherever its method puts them: the query string of a GET, the JSON body of a
/// POST, PATCH or DELETE. A missing or mistyped field is <c>INVALID_PARAMETER_VALUE</c> naming it.
/// </summary>
internal sealed class MlflowRequest
{
    private readonly IQueryCollection? query;
    private readonly JsonElement body;

    private MlflowRequest(IQueryCollection? query, JsonElement body)
    {
        this.query = query;
        this.body = body;
    }

    /// <summary>Reads the request's fields.</summary>
    public static async Task<MlflowRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsGet(request.Method))
        {
            return new MlflowRequest(request.Query, default);
        }

        var bytes = await JsonBody.ReadBytesAsync(request, JsonBody.MaxBytes, cancellationToken);
        if (JsonBody.IsBlank(bytes))
        {
            return new MlflowRequest(null, JsonDocument.Parse("{}").RootElement);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new MlflowRequest(null, document.RootElement.Clone())
                : throw new InvalidRequestException("The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidRequestException($"The request body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>A required string field.</summary>
    public string Required(string name) =>
        Optional(name) is { Length: > 0 } value
            ? value
            : throw new InvalidRequestException($"Missing value for required parameter '{name}'. See the API docs for more information about request parameters.");

    /// <summary>A string field, or null when absent.</summary>
    public string? Optional(string name)
    {
        if (query is not null)
        {
            return query.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;
        }

        if (!body.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return field.ValueKind switch
        {
            JsonValueKind.String => field.GetString(),
            JsonValueKind.Number => field.GetRawText(),
            JsonValueKind.True or JsonValueKind.False => field.GetRawText(),
            _ => throw new InvalidRequestException($"Invalid value for parameter '{name}': a string was expected, not {field.ValueKind}."),
        };
    }

    /// <summary>A version number field: an integer, given as a string or a number.</summary>
    public int VersionNumber(string name = "version")
    {
        var text = Required(name);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new InvalidRequestException($"Invalid value '{text}' for parameter '{name}': a version is a positive whole number, for example '3'.");
    }

    /// <summary>A whole-number field with a default and bounds.</summary>
    public int Int(string name, int whenAbsent, int min, int max)
    {
        var text = Optional(name);
        if (text is null)
        {
            return whenAbsent;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidRequestException($"Invalid value '{text}' for parameter '{name}': a whole number from {min} to {max} was expected.");
    }

    /// <summary>A list of strings: repeated query parameters, or a JSON array.</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        if (query is not null)
        {
            return query.TryGetValue(name, out var values) ? [.. values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)] : [];
        }

        if (!body.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return field.ValueKind == JsonValueKind.Array && field.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            ? [.. field.EnumerateArray().Select(e => e.GetString()!)]
            : throw new InvalidRequestException($"Invalid value for parameter '{name}': a list of strings was expected.");
    }

    /// <summary>Tags: a JSON array of <c>{"key", "value"}</c> objects.</summary>
    public IReadOnlyDictionary<string, string> Tags(string name = "tags")
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (query is not null || !body.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return tags;
        }

        if (field.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidRequestException($"Invalid value for parameter '{name}': a list of {{\"key\", \"value\"}} objects was expected.");
        }

        foreach (var tag in field.EnumerateArray())
        {
            if (tag.ValueKind != JsonValueKind.Object
                || !tag.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String
                || (tag.TryGetProperty("value", out var value) && value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
            {
                throw new InvalidRequestException($"Invalid value for parameter '{name}': each tag is {{\"key\": \"...\", \"value\": \"...\"}}.");
            }

            tags[key.GetString()!] = tag.TryGetProperty("value", out var v) ? v.GetString() ?? string.Empty : string.Empty;
        }

        return tags;
    }
}
