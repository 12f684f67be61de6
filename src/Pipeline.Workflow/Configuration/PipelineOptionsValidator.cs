using Microsoft.Extensions.Options;
using Pipeline.Storage.Blobs;

namespace Pipeline.Workflow.Configuration;

/// <summary>The rules for the <c>Pipeline__*</c> settings.</summary>
public sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PipelineOptions options) => ValidatedSettings.ResultOf(
        ValidatedSettings.RequirePositive(SettingNames.ApprovalTimeout, options.ApprovalTimeout),
        ValidatedSettings.RequirePositive(SettingNames.MaxEvaluationTime, options.MaxEvaluationTime),
        ValidatedSettings.RequireRange(SettingNames.MaxArtifactBytes, options.MaxArtifactBytes, 1, long.MaxValue),
        ValidatedSettings.RequirePositive(SettingNames.UploadIntentLifetime, options.UploadIntentLifetime)
            ?? ValidatedSettings.RequireAtMost(SettingNames.UploadIntentLifetime, options.UploadIntentLifetime, BlobUploadUrls.MaxLifetime),
        ValidatedSettings.RequireBetween(SettingNames.ProductionCacheTtl, options.ProductionCacheTtl, TimeSpan.Zero, Core.Serving.ProductionCacheOptions.MaxTtl, "00:00:00 turns the cache off"),
        Core.Diagnostics.FaultPoints.Validate(options.FaultPoints));
}
