namespace Pipeline.Api.Http;

/// <summary>
/// Every route of the HTTP API, relative to <see cref="Prefix"/>: the local runtime maps these
/// (<see cref="PipelineApiEndpoints"/>) and the Functions app's HTTP triggers use the same constants.
/// A test compares both hosts' route tables.
/// </summary>
public static class ApiRoutes
{
    /// <summary>The route prefix both hosts serve under (the Functions host's <c>routePrefix</c>).</summary>
    public const string Prefix = "api";

    /// <summary>Whether the app and its storage answer; needs no identity.</summary>
    public const string Health = "health";

    /// <summary>The OpenAPI 3.1 description of this API; like <see cref="Health"/>, it needs no identity.</summary>
    public const string OpenApi = "openapi.json";

    /// <summary>Every model with what it serves.</summary>
    public const string Models = "models";

    /// <summary>One model with its versions.</summary>
    public const string Model = "models/{model}";

    /// <summary>What a model serves now (or at <c>?at=</c>).</summary>
    public const string Production = Model + "/production";

    /// <summary>A model's policy.</summary>
    public const string Policy = Model + "/policy";

    /// <summary>Roll a model back to an archived version.</summary>
    public const string Rollback = Model + "/rollback";

    /// <summary>A model's audit trail.</summary>
    public const string History = Model + "/history";

    /// <summary>One version.</summary>
    public const string Version = Model + "/versions/{version}";

    /// <summary>A version's staging report.</summary>
    public const string Report = Version + "/report";

    /// <summary>Approve a version awaiting approval.</summary>
    public const string Approve = Version + "/approve";

    /// <summary>Reject a version awaiting approval.</summary>
    public const string Reject = Version + "/reject";

    /// <summary>Test a version again.</summary>
    public const string Retest = Version + "/retest";

    /// <summary>Ask for an upload intent: a write-only URL for the version's artifact.</summary>
    public const string UploadIntents = Version + "/uploads";

    /// <summary>Tell the pipeline a blob was uploaded, so it registers it now rather than on the next event or scan.</summary>
    public const string Uploads = "uploads";

    /// <summary>Uploads that were not registered.</summary>
    public const string RejectedUploads = "uploads/rejected";

    /// <summary>Events out and their deliveries (<c>?model=&amp;status=</c>).</summary>
    public const string Events = "events";

    /// <summary>Run the archive cleanup now.</summary>
    public const string CleanupRuns = "cleanup/runs";

    /// <summary>Every version awaiting a decision (<c>?status=pending</c>), across models: the approver's inbox.</summary>
    public const string Approvals = "approvals";

    /// <summary>The approver's web page (also at <c>ui/</c>).</summary>
    public const string Ui = "ui";

    /// <summary>The page's script.</summary>
    public const string UiScript = Ui + "/app.js";

    /// <summary>The page's styles.</summary>
    public const string UiStyles = Ui + "/app.css";

    /// <summary>The page's icon.</summary>
    public const string UiIcon = Ui + "/icon.svg";

    /// <summary>The lowest-precedence route: anything else under the prefix is a problem+json 404.</summary>
    public const string Unmatched = "{*path}";

    /// <summary>
    /// The path of <paramref name="template"/> (one of the constants above) for a model and version, from the host's root
    /// and without a leading slash (<c>api/models/m/versions/v1/approve</c>): each value escaped as one segment.
    /// </summary>
    public static string PathOf(string template, string? model = null, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        return $"{Prefix}/" + template
            .Replace("{model}", model is null ? "{model}" : Uri.EscapeDataString(model), StringComparison.Ordinal)
            .Replace("{version}", version is null ? "{version}" : Uri.EscapeDataString(version), StringComparison.Ordinal);
    }

    /// <summary>
    /// First route segments the Functions host keeps for itself: a function whose route starts with one
    /// is refused at start ("conflicts with one or more built in routes") and never answers.
    /// </summary>
    public static IReadOnlyList<string> ReservedPrefixes { get; } = ["admin", "runtime"];
}
