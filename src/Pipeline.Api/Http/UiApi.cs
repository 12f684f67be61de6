using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Pipeline.Api.Http;

/// <summary>
/// The approver's web page (<c>/api/ui/</c>): three static files embedded in this assembly, so both hosts serve
/// the same bytes. They are served without identity: they hold no data (every figure on the page comes from the
/// API's guarded routes, called by the page with the browser's own identity), in Azure Easy Auth signs the
/// browser in before any of them is reached, and a browser cannot put a bearer token on a page navigation.
/// </summary>
public sealed class UiApi
{
    /// <summary>
    /// Script, styles and data only from this origin, no inline script or style, no framing: the page's own
    /// files need nothing else.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
        "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    // Revalidated on every load (the ETag makes that cheap), so a deployment's new page is seen at once.
    private const string CacheControl = "no-cache";

    private readonly UiAsset page = Load("index.html", "text/html; charset=utf-8");
    private readonly UiAsset script = Load("app.js", "text/javascript; charset=utf-8");
    private readonly UiAsset styles = Load("app.css", "text/css; charset=utf-8");
    private readonly UiAsset icon = Load("icon.svg", "image/svg+xml");

    /// <summary>GET /api/ui: the page.</summary>
    public IResult GetPage(HttpRequest request) => Serve(request, page);

    /// <summary>GET /api/ui/app.js: its script.</summary>
    public IResult GetScript(HttpRequest request) => Serve(request, script);

    /// <summary>GET /api/ui/app.css: its styles.</summary>
    public IResult GetStyles(HttpRequest request) => Serve(request, styles);

    /// <summary>GET /api/ui/icon.svg: its icon.</summary>
    public IResult GetIcon(HttpRequest request) => Serve(request, icon);

    private static IResult Serve(HttpRequest request, UiAsset asset)
    {
        ArgumentNullException.ThrowIfNull(request);
        var notModified = request.Headers.IfNoneMatch.Any(tag => tag is not null && tag.Contains(asset.ETag, StringComparison.Ordinal));
        return new AssetResult(asset, notModified);
    }

    private static UiAsset Load(string name, string contentType)
    {
        var resource = $"Pipeline.Api.Ui.{name}";
        using var stream = typeof(UiApi).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource '{resource}' is missing from Pipeline.Api.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return new UiAsset(bytes, contentType, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
    }

    private sealed class AssetResult(UiAsset asset, bool notModified) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => notModified ? StatusCodes.Status304NotModified : StatusCodes.Status200OK;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCode!.Value;
            response.Headers[HeaderNames.CacheControl] = CacheControl;
            response.Headers[HeaderNames.ETag] = asset.ETag;
            response.Headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
            response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            if (notModified)
            {
                return Task.CompletedTask;
            }

            response.ContentType = asset.ContentType;
            response.ContentLength = asset.Bytes.Length;
            return response.Body.WriteAsync(asset.Bytes, httpContext.RequestAborted).AsTask();
        }
    }
}

/// <summary>One embedded file of the page, with its content type and entity tag.</summary>
public sealed record UiAsset(byte[] Bytes, string ContentType, string ETag);
