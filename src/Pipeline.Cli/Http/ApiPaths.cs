namespace Pipeline.Cli.Http;

/// <summary>
/// The API's routes the CLI calls, relative to the API's address (the same as <c>Pipeline.Api.Http.ApiRoutes</c>
/// under its <c>api</c> prefix; the CLI does not reference the server, and its end-to-end tests call these).
/// </summary>
internal static class ApiPaths
{
    public static string Models => "api/models";

    public static string Approvals => "api/approvals?status=pending";

    public static string RejectedUploads => "api/uploads/rejected";

    public static string Model(string model) => $"api/models/{Segment(model)}";

    public static string History(string model) => $"{Model(model)}/history";

    public static string Rollback(string model) => $"{Model(model)}/rollback";

    public static string Version(string model, string version) => $"{Model(model)}/versions/{Segment(version)}";

    public static string Report(string model, string version) => $"{Version(model, version)}/report";

    public static string Approve(string model, string version) => $"{Version(model, version)}/approve";

    public static string Reject(string model, string version) => $"{Version(model, version)}/reject";

    public static string Retest(string model, string version) => $"{Version(model, version)}/retest";

    public static string UploadIntents(string model, string version) => $"{Version(model, version)}/uploads";

    private static string Segment(string value) => Uri.EscapeDataString(value);
}
