using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.Testing;

/// <summary>A real HTTP server on a free loopback port that answers POSTs to one path: the receivers' common part.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackServer(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    /// <summary>The address of the path, <c>http://127.0.0.1:{port}{path}</c>.</summary>
    public Uri Url { get; }

    /// <summary>Starts a server whose POSTs to <paramref name="path"/> are answered by <paramref name="handler"/>.</summary>
    public static async Task<LoopbackServer> StartAsync(string path, Func<HttpRequest, Task<IResult>> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost(path, handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServer(app, new Uri($"{address}{path}"));
    }

    /// <summary>Reads a request's body as text.</summary>
    public static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
