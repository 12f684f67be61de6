using Microsoft.Extensions.Options;
using Pipeline.Workflow.Configuration;

namespace Pipeline.Local.Hosting;

/// <summary>The rules for the <c>Local__*</c> settings.</summary>
public sealed class LocalRuntimeOptionsValidator : IValidateOptions<LocalRuntimeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LocalRuntimeOptions options) => ValidatedSettings.ResultOf(
        ValidatedSettings.RequirePositive("Local__WatchInterval", options.WatchInterval),
        AtLeastOneSecond("Local__WorkItemVisibilityTimeout", options.WorkItemVisibilityTimeout),
        AtLeastOneSecond("Local__ControlQueueVisibilityTimeout", options.ControlQueueVisibilityTimeout),
        ValidatedSettings.RequireRange("Local__AzuriteBlobPort", options.AzuriteBlobPort, 1, 65535),
        ValidatedSettings.RequireRange("Local__AzuriteQueuePort", options.AzuriteQueuePort, 1, 65535),
        ValidatedSettings.RequireRange("Local__AzuriteTablePort", options.AzuriteTablePort, 1, 65535),
        string.IsNullOrWhiteSpace(options.DataDirectory) ? "Local__DataDirectory must name a folder." : null,
        options.NodeName.Length > 100 || options.NodeName.Any(char.IsControl) ? "Local__NodeName must be at most 100 characters, none of them control characters." : null);

    // Locks are renewed at a third of the timeout: below a second the renewals would be all the backend does.
    private static string? AtLeastOneSecond(string setting, TimeSpan value) =>
        value < TimeSpan.FromSeconds(1) ? $"{setting} must be at least one second." : null;
}
