using Pipeline.Api.Http;

namespace Pipeline.Cli.Http;

/// <summary>
/// The API's routes the CLI calls, relative to the API's address: the server's own <see cref="ApiRoutes"/> templates
/// (compiled into the CLI) with their <c>{model}</c> and <c>{version}</c> filled in.
/// </summary>
internal static class ApiPaths
{
    public static string Models => Route(ApiRoutes.Models);

    public static string Approvals => Route(ApiRoutes.Approvals) + "?status=pending";

    public static string RejectedUploads => Route(ApiRoutes.RejectedUploads);

    public static string Uploads => Route(ApiRoutes.Uploads);

    public static string Model(string model) => Route(ApiRoutes.Model, model);

    public static string History(string model) => Route(ApiRoutes.History, model);

    public static string Rollback(string model) => Route(ApiRoutes.Rollback, model);

    public static string Version(string model, string version) => Route(ApiRoutes.Version, model, version);

    public static string Report(string model, string version) => Route(ApiRoutes.Report, model, version);

    public static string Approve(string model, string version) => Route(ApiRoutes.Approve, model, version);

    public static string Reject(string model, string version) => Route(ApiRoutes.Reject, model, version);

    public static string Retest(string model, string version) => Route(ApiRoutes.Retest, model, version);

    public static string UploadIntents(string model, string version) => Route(ApiRoutes.UploadIntents, model, version);

    private static string Route(string template, string? model = null, string? version = null) => ApiRoutes.PathOf(template, model, version);
}
