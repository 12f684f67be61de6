namespace Pipeline.Workflow.Configuration;

/// <summary>
/// Every application setting the pipeline reads, in one place, so that documentation
/// (local.settings.sample.json) and deployment (infra/) can be checked against it.
/// </summary>
public static class SettingNames
{
    /// <summary>Storage for the durable task hub, models, datasets, reports and the registry tables.
    /// A connection string for Azurite; in Azure the identity-based form
    /// (<c>AzureWebJobsStorage__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>,
    /// <c>__credential</c>, <c>__clientId</c>).</summary>
    public const string Storage = "AzureWebJobsStorage";

    /// <summary>The durable task hub name (host.json reads it as <c>%TASKHUB_NAME%</c>).</summary>
    public const string TaskHubName = "TASKHUB_NAME";

    /// <summary>How long a tested version waits for a human decision (TimeSpan, default 7 days).</summary>
    public const string ApprovalTimeout = "Pipeline__ApprovalTimeout";

    /// <summary>The longest a staging evaluation may run (TimeSpan, default 30 minutes).</summary>
    public const string MaxEvaluationTime = "Pipeline__MaxEvaluationTime";

    /// <summary>The largest artifact accepted by the integrity check, in bytes.</summary>
    public const string MaxArtifactBytes = "Pipeline__MaxArtifactBytes";

    /// <summary>How long the write-only URL of an upload intent works (TimeSpan, default 15 minutes, at most a day).</summary>
    public const string UploadIntentLifetime = "Pipeline__UploadIntentLifetime";

    /// <summary>
    /// How long a node may answer <c>GET /api/models/{model}/production</c> from memory: the serving lookup's staleness
    /// bound (TimeSpan, default 1 second, at most 1 minute; <c>00:00:00</c> turns the cache off).
    /// </summary>
    public const string ProductionCacheTtl = "Pipeline__ProductionCacheTtl";

    /// <summary>
    /// Fault points that end the process when passed, for recovery tests: a comma list of <c>point</c> or
    /// <c>point:where</c> (<see cref="Core.Diagnostics.FaultPoint"/>). Empty by default; never deployed.
    /// </summary>
    public const string FaultPoints = "Pipeline__FaultPoints";

    /// <summary>When the archive cleanup runs: NCRONTAB with seconds (default <c>0 0 3 * * *</c>, daily at 03:00 UTC).</summary>
    public const string CleanupSchedule = "CLEANUP_SCHEDULE";

    /// <summary>Who callers are: <c>EasyAuth</c> (the Functions app's default), <c>Jwt</c> or <c>Development</c> (the local runtime's default).</summary>
    public const string AuthProvider = "Auth__Provider";

    /// <summary>Under <c>Jwt</c>: the OpenID Connect authority whose discovery document gives the issuer and signing keys (an Entra tenant's v2.0 endpoint).</summary>
    public const string JwtAuthority = "Auth__Jwt__Authority";

    /// <summary>Under <c>Jwt</c>: the issuer tokens must name; required with <see cref="JwtSigningKey"/>, optional with an authority.</summary>
    public const string JwtIssuer = "Auth__Jwt__Issuer";

    /// <summary>Under <c>Jwt</c> without an authority: the HS256 key (base64, at least 32 bytes), for offline use and tests.</summary>
    public const string JwtSigningKey = "Auth__Jwt__SigningKey";

    /// <summary>Under <c>Jwt</c>: the audience tokens must be for (always required).</summary>
    public const string JwtAudience = "Auth__Jwt__Audience";

    /// <summary>Tests only, never deployed: the share of storage requests (0 to 1, default 0) that fail on purpose, in every storage client of the host.</summary>
    public const string StorageFaultRate = "Pipeline__StorageFaults__Rate";

    /// <summary>Tests only: the seed of the injected faults (default 12), so that a seed repeats its faults' sequence.</summary>
    public const string StorageFaultSeed = "Pipeline__StorageFaults__Seed";

    /// <summary>Tests only: the kinds of fault drawn, comma separated, of <c>503</c>, <c>500</c>, <c>timeout</c>, <c>lost</c> (default the first three).</summary>
    public const string StorageFaultKinds = "Pipeline__StorageFaults__Kinds";

    /// <summary>Settings only tests set, which no template may deploy.</summary>
    public static readonly IReadOnlyList<string> TestOnly =
    [
        StorageFaultRate,
        StorageFaultSeed,
        StorageFaultKinds,
    ];

    /// <summary>Settings the Functions host itself requires.</summary>
    public static readonly IReadOnlyList<string> FunctionsHost =
    [
        "FUNCTIONS_WORKER_RUNTIME",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
    ];

    /// <summary>Settings only the local runtime reads; never deployed.</summary>
    public static readonly IReadOnlyList<string> LocalOnly =
    [
        "Local__DataDirectory",
        "Local__WatchInterval",
        "Local__AzuriteBlobPort",
        "Local__AzuriteQueuePort",
        "Local__AzuriteTablePort",
        "Local__BackendLogLevel",
        "Local__NodeName",
        "Local__StartAzurite",
        "Local__WorkItemVisibilityTimeout",
        "Local__ControlQueueVisibilityTimeout",
    ];

    /// <summary>
    /// Settings both hosts read when they are set, which the templates leave unset: the <c>Jwt</c>
    /// provider's (the deployed app runs behind Easy Auth), and the events' (subscriptions are added
    /// by index: <c>Events__Webhooks__1__Url</c>, …; the Event Grid topic's are deployed only when
    /// the <c>eventGridTopicName</c> parameter is set).
    /// </summary>
    public static readonly IReadOnlyList<string> Optional =
    [
        JwtAuthority,
        JwtIssuer,
        JwtSigningKey,
        JwtAudience,
        FaultPoints,
        "Events__Webhooks__0__Url",
        "Events__Webhooks__0__Secret",
        "Events__Webhooks__0__Types",
        "Events__MaxAttempts",
        "Events__RetryBaseDelay",
        "Events__RequestTimeout",
        "Events__DispatchInterval",
        "Events__ApiBaseUrl",
        "Events__EventGrid__TopicEndpoint",
        "Events__EventGrid__Types",
        "Events__EventGrid__ClientId",
        "Events__EventGrid__Key",
        StorageFaultRate,
        StorageFaultSeed,
        StorageFaultKinds,
    ];

    /// <summary>Settings the deployed app reads (beyond the host's own); <c>Retention__*</c> are the retention defaults for models whose policy sets none.</summary>
    public static readonly IReadOnlyList<string> Deployed =
    [
        Storage,
        TaskHubName,
        ApprovalTimeout,
        MaxArtifactBytes,
        MaxEvaluationTime,
        UploadIntentLifetime,
        ProductionCacheTtl,
        CleanupSchedule,
        AuthProvider,
        "Retention__KeepArchived",
        "Retention__ArchivedDays",
        "Retention__PurgeMode",
        "Retention__MaxPurgesPerRun",
        "Retention__OrchestrationHistoryDays",
    ];
}
