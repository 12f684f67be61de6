namespace Pipeline.Cli.Http;

/// <summary>A successful answer of the API: its status and its JSON as sent (printed as is under <c>--json</c>).</summary>
internal sealed record ApiDocument(int Status, string Json)
{
    /// <summary>The token of the next page, from the answer's <c>Link: &lt;…&gt;; rel="next"</c> header; null on a list's last page.</summary>
    public string? NextPageToken { get; init; }

    /// <summary>The document read as <typeparamref name="T"/>.</summary>
    public T Read<T>() => CliJson.Read<T>(Json);
}
