using System.Diagnostics;
using System.Text;
using Microsoft.Playwright;
using Pipeline.Testing;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Pipeline.Browser.Tests;

/// <summary>
/// The approver's page end to end in a real browser (Debian's Chromium, driven by Playwright) against the local
/// runtime in this process, on Azurite and the real durable engine: as a person would use it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApproverPageTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly string CreditEval = File.ReadAllText(Path.Combine(AzuriteFixture.RepositoryRoot, "samples", "datasets", "credit-eval.csv"));

    [Fact]
    public async Task ApproverPage_PendingVersions_ApprovedByTwoThenInProductionAndHistory_AnotherRejectedWithAComment()
    {
        var clock = Stopwatch.StartNew();
        SetDefaultExpectTimeout(30_000);
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var (scored, plain) = (TestUploads.NewModelName("credit"), TestUploads.NewModelName("plain"));
        await ArrangeAsync(runtime, api, scored, plain);
        await using var chromium = await ChromiumBrowser.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add($"{message.Text} ({message.Location})");
            }
        };

        // The local runtime's root opens the page; the inbox lists both waiting versions.
        await page.GotoAsync(runtime.Http.BaseAddress!.ToString());
        Assert.EndsWith("/api/ui/", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await page.GetByLabel("Signed in as").FillAsync("ann@example.com");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pending approvals" })).ToBeVisibleAsync();
        var scoredRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = scored });
        await Expect(scoredRow).ToContainTextAsync("carol@example.com (claimed)");
        await Expect(scoredRow).ToContainTextAsync("0 of 2");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Open report for {plain} v1" })).ToBeVisibleAsync();
        await ChromiumBrowser.ScreenshotAsync(page, "01-pending");

        // The report: checks, and the metrics beside production's, scored on the same data.
        await page.GetByRole(AriaRole.Link, new() { Name = $"Open report for {scored} v2" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{scored} v2" })).ToBeVisibleAsync();
        var accuracy = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "accuracy" }).Filter(new() { HasText = "sameData" });
        await Expect(accuracy).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "championChallenger" })).ToContainTextAsync("passed");
        await Expect(page.GetByText("The serving contract is unchanged.")).ToBeVisibleAsync();
        await ChromiumBrowser.ScreenshotAsync(page, "02-report");

        // Ann approves with a click on the button named Approve: one of the two approvals the policy requires.
        await page.GetByLabel("Comment").FillAsync("metrics hold up");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("Approval 1 of 2 was recorded");
        await Expect(page.GetByText("approved by ann@example.com")).ToBeVisibleAsync();

        // Bob approves with the keyboard alone: from the comment box, Tab reaches Approve and Enter presses it.
        await page.GetByLabel("Signed in as").FillAsync("bob@example.com");
        await page.GetByLabel("Comment").FocusAsync();
        await page.Keyboard.TypeAsync("bias review done");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#version-state")).ToHaveTextAsync("Production");
        await ChromiumBrowser.ScreenshotAsync(page, "03-approved");

        // In production, and in the model's history.
        await page.GetByRole(AriaRole.Link, new() { Name = "In production" }).ClickAsync();
        var servingRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = scored });
        await Expect(servingRow).ToContainTextAsync("v2");
        await ChromiumBrowser.ScreenshotAsync(page, "04-production");
        await servingRow.GetByRole(AriaRole.Link, new() { Name = scored }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"History of {scored}" })).ToBeVisibleAsync();
        await Expect(page.GetByText("In production: v2 since")).ToBeVisibleAsync();
        await Expect(RowWithCells(page, "promoted", "v2")).ToHaveCountAsync(1);
        await Expect(RowWithCells(page, "approvalRecorded", "v2", "bob@example.com")).ToHaveCountAsync(1);
        await Expect(RowWithCells(page, "archived", "v1")).ToHaveCountAsync(1);
        await ChromiumBrowser.ScreenshotAsync(page, "05-history");

        // The other version is rejected with a comment; a rejection without one is refused on the page.
        await page.GetByRole(AriaRole.Link, new() { Name = "Pending approvals" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Open report for {scored} v2" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = $"Open report for {plain} v1" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true }).ClickAsync();
        await Expect(page.Locator("#decision-outcome")).ToContainTextAsync("A rejection needs a reason");
        await page.GetByLabel("Comment").FillAsync("no evaluation dataset yet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true }).ClickAsync();
        await Expect(page.Locator("#version-state")).ToHaveTextAsync("Staging / Rejected");
        await Expect(page.GetByText("rejected by bob@example.com")).ToContainTextAsync("no evaluation dataset yet");
        await ChromiumBrowser.ScreenshotAsync(page, "06-rejected");

        Assert.Equal("Production/", await api.StateOfAsync(scored, "v2"));
        Assert.Equal("Staging/Rejected", await api.StateOfAsync(plain, "v1"));
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        output.WriteLine($"Browser scenario took {clock.Elapsed.TotalSeconds:0.0} s; screenshots in {ChromiumBrowser.ScreenshotDirectory}.");
    }

    // credit: v1 in production (evaluated), v2 waiting under a policy that needs two approvers and compares with
    // production on the same data; plain: v1 waiting with the default checks only.
    private async Task ArrangeAsync(PipelineRuntime runtime, ApiClient api, string scored, string plain)
    {
        const string Gates = """
            "evaluation": {"dataset": "credit/eval.csv", "task": "binary-classification", "label": "label"},
            "maxRegression": {"accuracy": 0.05}
            """;
        await TestUploads.UploadDatasetAsync(azurite.Blobs, "credit/eval.csv", BinaryData.FromString(CreditEval));
        await PutPolicyAsync(runtime, scored, $$"""{ {{Gates}} }""");
        await TestUploads.UploadAsync(azurite.Blobs, $"{scored}/v1/model.onnx", TestUploads.SampleModelBytes(seed: 1));
        await api.WaitForStateAsync(scored, "v1", "Staging/AwaitingApproval", TimeSpan.FromSeconds(90));
        var (status, _, body) = await api.PostAsync($"api/models/{scored}/versions/v1/approve", "{}", "ann@example.com");
        Assert.True(status == System.Net.HttpStatusCode.Accepted, body?.ToJsonString());
        await api.WaitForStateAsync(scored, "v1", "Production/", TimeSpan.FromSeconds(60));

        await PutPolicyAsync(runtime, scored, $$"""{ {{Gates}}, "approval": {"approvers": ["ann@example.com", "bob@example.com"], "requiredApprovals": 2} }""");
        await TestUploads.UploadAsync(azurite.Blobs, $"{scored}/v2/model.onnx", TestUploads.SampleModelBytes(sample: "credit-risk-v2.onnx"),
            new Dictionary<string, string> { ["uploadedby"] = "carol@example.com" });
        await TestUploads.UploadAsync(azurite.Blobs, $"{plain}/v1/model.onnx", TestUploads.SampleModelBytes(seed: 7));
        await api.WaitForStateAsync(scored, "v2", "Staging/AwaitingApproval", TimeSpan.FromSeconds(90));
        await api.WaitForStateAsync(plain, "v1", "Staging/AwaitingApproval", TimeSpan.FromSeconds(90));
    }

    // A table row holding a cell with exactly each of these texts.
    private static ILocator RowWithCells(IPage page, params string[] cells) =>
        cells.Aggregate(page.GetByRole(AriaRole.Row), (row, text) => row.Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = text, Exact = true }) }));

    private static async Task PutPolicyAsync(PipelineRuntime runtime, string model, string policy)
    {
        using var response = await runtime.Http.PutAsync($"api/models/{model}/policy", new StringContent(policy, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
