using Microsoft.Playwright;
using Pipeline.Testing;

namespace Pipeline.Browser.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright's own driver. Playwright's browser download cannot work on a closed
/// network, so the system browser is launched by path; without it the test fails, saying how to install it.
/// </summary>
internal sealed class ChromiumBrowser : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private ChromiumBrowser(IPlaywright playwright, IBrowser browser)
    {
        Playwright = playwright;
        Browser = browser;
    }

    public IPlaywright Playwright { get; }

    public IBrowser Browser { get; }

    /// <summary>Where screenshots go: <c>artifacts/screenshots/</c> under the repository (git-ignored).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AzuriteFixture.RepositoryRoot, "artifacts", "screenshots");

    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        Assert.True(File.Exists(ExecutablePath),
            $"The browser tests need Debian's Chromium at {ExecutablePath}, and it is missing. Install it with " +
            "`sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium` (.ci/run does this), then run the tests again.");
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                // Without the network flags Chromium keeps dialling Google's hosts, which this closed network refuses.
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
            });
            return new ChromiumBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Saves a full-page screenshot as <c>artifacts/screenshots/{name}.png</c>.</summary>
    public static Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        return page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}
