using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Api.Http;

namespace Pipeline.Functions.Http;

/// <summary>
/// The approver's page as Functions triggers: one static route per file, which the host ranks above the
/// catch-all <see cref="ApiRoutes.Unmatched"/> route, serving the bytes embedded in Pipeline.Api.
/// </summary>
public sealed class UiHttpFunctions(UiApi ui)
{
    /// <summary>GET /api/ui.</summary>
    [Function(nameof(GetUiPage))]
    public IActionResult GetUiPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Ui)] HttpRequest request) =>
        new ResultActionResult(ui.GetPage(request));

    /// <summary>GET /api/ui/app.js.</summary>
    [Function(nameof(GetUiScript))]
    public IActionResult GetUiScript(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.UiScript)] HttpRequest request) =>
        new ResultActionResult(ui.GetScript(request));

    /// <summary>GET /api/ui/app.css.</summary>
    [Function(nameof(GetUiStyles))]
    public IActionResult GetUiStyles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.UiStyles)] HttpRequest request) =>
        new ResultActionResult(ui.GetStyles(request));

    /// <summary>GET /api/ui/icon.svg.</summary>
    [Function(nameof(GetUiIcon))]
    public IActionResult GetUiIcon(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.UiIcon)] HttpRequest request) =>
        new ResultActionResult(ui.GetIcon(request));
}
