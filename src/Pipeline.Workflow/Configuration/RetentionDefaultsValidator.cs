using Microsoft.Extensions.Options;
using Pipeline.Core.Retention;

namespace Pipeline.Workflow.Configuration;

/// <summary>The rules for the <c>Retention__*</c> settings.</summary>
public sealed class RetentionDefaultsValidator : IValidateOptions<RetentionDefaults>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RetentionDefaults options) => ValidatedSettings.ResultOf(
        ValidatedSettings.RequireRange("Retention__KeepArchived", options.KeepArchived, 0, int.MaxValue),
        ValidatedSettings.RequireRange("Retention__ArchivedDays", options.ArchivedDays, 0, int.MaxValue),
        ValidatedSettings.RequireRange("Retention__MaxPurgesPerRun", options.MaxPurgesPerRun, 1, int.MaxValue),
        ValidatedSettings.RequireRange("Retention__OrchestrationHistoryDays", options.OrchestrationHistoryDays, 1, int.MaxValue));
}
