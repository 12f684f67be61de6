using System.Text.Json.Nodes;
using System.Web;
using Pipeline.Core.Registry;

namespace Pipeline.Cli.Http;

/// <summary>
/// The API's lists read to their end: each page's items joined, the next page asked for by the token of the
/// previous page's <c>Link</c> header (added to the CLI's own path, so a proxy in front of the API changes nothing).
/// </summary>
internal static class PagedReads
{
    // A list longer than this is cut, said on stderr by the caller: no command should read a registry without end.
    private const int MaxPages = 1000;

    /// <summary>Every page of the list at <paramref name="path"/>: a JSON array, or the array in <paramref name="property"/> of an object.</summary>
    public static async Task<ApiDocument> GetAllAsync(this PipelineClient api, string path, CancellationToken cancellationToken, string? property = null)
    {
        var first = await api.GetAsync(path, cancellationToken);
        if (first.NextPageToken is null)
        {
            return first;
        }

        var root = JsonNode.Parse(first.Json)!;
        var items = (property is null ? root : root[property]!).AsArray();
        var token = first.NextPageToken;
        for (var pages = 1; token is not null && pages < MaxPages; pages++)
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var page = await api.GetAsync($"{path}{separator}{PageRequest.TokenParameter}={Uri.EscapeDataString(token)}", cancellationToken);
            var next = JsonNode.Parse(page.Json)!;
            foreach (var item in (property is null ? next : next[property]!).AsArray().ToList())
            {
                items.Add(item?.DeepClone());
            }

            token = page.NextPageToken;
        }

        return new ApiDocument(first.Status, root.ToJsonString(CliJson.Options));
    }

    /// <summary>The <c>continuationToken</c> of the <c>rel="next"</c> link among <paramref name="links"/>, or null.</summary>
    public static string? NextToken(IEnumerable<string> links)
    {
        foreach (var value in links.SelectMany(l => l.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var close = value.IndexOf('>', StringComparison.Ordinal);
            if (value.StartsWith('<') && close > 0 && value[(close + 1)..].Contains("rel=\"next\"", StringComparison.Ordinal))
            {
                var target = value[1..close];
                var query = target.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? target[q..] : string.Empty;
                return HttpUtility.ParseQueryString(query)[PageRequest.TokenParameter];
            }
        }

        return null;
    }
}
