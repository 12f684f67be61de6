using Pipeline.Core.Registry;

namespace Pipeline.Core.Staging;

/// <summary>What <see cref="StagingTests.RunIfDueAsync"/> found and did.</summary>
/// <param name="Version">The version as read before the checks.</param>
/// <param name="Report">The checks' report; null when the version was not due to be tested.</param>
public sealed record StagingRun(ModelVersion Version, StagingReport? Report);
