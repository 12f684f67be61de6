using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Pipeline.Core.Errors;

namespace Pipeline.Api.Http;

/// <summary>Reads small JSON request bodies with a size limit and clear errors.</summary>
public static class JsonBody
{
    /// <summary>The largest body an endpoint accepts.</summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>The largest policy document accepted (feature lists can be long).</summary>
    public const int MaxPolicyBytes = 256 * 1024;

    /// <summary>Reads the body as UTF-8 text of at most <paramref name="maxBytes"/>.</summary>
    /// <exception cref="RequestTooLargeException">The body is larger.</exception>
    public static async Task<string> ReadTextAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken) =>
        System.Text.Encoding.UTF8.GetString(await ReadBytesAsync(request, maxBytes, cancellationToken));

    /// <summary>Reads the body's bytes, at most <paramref name="maxBytes"/>.</summary>
    /// <exception cref="RequestTooLargeException">The body is larger.</exception>
    internal static async Task<byte[]> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw new RequestTooLargeException(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new RequestTooLargeException(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Whether a body holds nothing but JSON whitespace, which every endpoint reads as no body.</summary>
    internal static bool IsBlank(byte[] bytes) => bytes.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t');

    /// <summary>Reads the body as <typeparamref name="T"/>; an empty body gives <paramref name="whenEmpty"/>.</summary>
    /// <exception cref="RequestTooLargeException">The body is over <see cref="MaxBytes"/>.</exception>
    /// <exception cref="InvalidRequestException">The body is not JSON of the expected shape.</exception>
    public static async Task<T> ReadAsync<T>(HttpRequest request, T whenEmpty, CancellationToken cancellationToken)
    {
        var bytes = await ReadBytesAsync(request, MaxBytes, cancellationToken);
        if (IsBlank(bytes))
        {
            return whenEmpty;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(bytes, ApiJson.Options)
                ?? throw new InvalidRequestException("The request body must be a JSON object, not null.");
        }
        catch (JsonException e)
        {
            throw new InvalidRequestException($"The request body is not valid JSON for this endpoint: {e.Message}");
        }
    }
}
