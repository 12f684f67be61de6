using Microsoft.Extensions.Options;
using Pipeline.Workflow.Configuration;

namespace Pipeline.Local.Hosting;

/// <summary>The rules for the <c>Local__*</c> settings.</summary>
public sealed class LocalRuntimeOptionsValidator : IValidateOptions<LocalRuntimeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LocalRuntimeOptions options) => ValidatedSettings.ResultOf(
        ValidatedSettings.RequirePositive("Local__WatchInterval", options.WatchInterval),
        ValidatedSettings.RequireRange("Local__AzuriteBlobPort", options.AzuriteBlobPort, 1, 65535),
        ValidatedSettings.RequireRange("Local__AzuriteQueuePort", options.AzuriteQueuePort, 1, 65535),
        ValidatedSettings.RequireRange("Local__AzuriteTablePort", options.AzuriteTablePort, 1, 65535),
        string.IsNullOrWhiteSpace(options.DataDirectory) ? "Local__DataDirectory must name a folder." : null,
        options.NodeName.Length > 100 || options.NodeName.Any(char.IsControl) ? "Local__NodeName must be at most 100 characters, none of them control characters." : null);
}
