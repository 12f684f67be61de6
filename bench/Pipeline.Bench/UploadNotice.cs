using System.Net;
using System.Text;

namespace Pipeline.Bench;

/// <summary>What <c>pipeline push</c> sends after its upload: POST /api/uploads, so that registration starts at once.</summary>
public static class UploadNotice
{
    /// <summary>Sends the notice for <paramref name="blobPath"/>; anything but 202 ends the run.</summary>
    public static async Task SendAsync(HttpClient http, string blobPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var body = new StringContent($$"""{"blobPath": "{{blobPath}}"}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("api/uploads", body, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"POST api/uploads for {blobPath} answered {(int)response.StatusCode}, not 202: {problem}");
        }
    }
}
