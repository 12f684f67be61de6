namespace Pipeline.Api.Mlflow;

/// <summary>A registered model as MLflow clients read it.</summary>
public sealed record MlflowRegisteredModel(
    string Name,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? Description,
    IReadOnlyList<MlflowModelVersion> LatestVersions,
    IReadOnlyList<MlflowTag> Tags,
    IReadOnlyList<MlflowAlias> Aliases);

/// <summary>A model version as MLflow clients read it; <paramref name="Version"/> is always a string, <paramref name="Status"/> always present.</summary>
public sealed record MlflowModelVersion(
    string Name,
    string Version,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? UserId,
    string CurrentStage,
    string? Description,
    string Source,
    string? RunId,
    string Status,
    string? StatusMessage,
    IReadOnlyList<MlflowTag> Tags,
    IReadOnlyList<string> Aliases);

/// <summary>A tag.</summary>
public sealed record MlflowTag(string Key, string Value);

/// <summary>An alias and the version it names.</summary>
public sealed record MlflowAlias(string Alias, string Version);

/// <summary>An error as MLflow's server answers it.</summary>
public sealed record MlflowError(string ErrorCode, string Message);

/// <summary>A transition request (Databricks' registry API).</summary>
public sealed record MlflowTransitionRequest(string Id, long CreationTimestamp, string ToStage, string UserId, string? Comment, IReadOnlyList<string> AvailableActions);

/// <summary>What an approved or rejected transition request did.</summary>
public sealed record MlflowActivity(
    string Id, string ActivityType, long CreationTimestamp, string UserId, string? FromStage, string ToStage, string? Comment, string? SystemComment);
