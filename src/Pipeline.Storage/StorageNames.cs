namespace Pipeline.Storage;

/// <summary>The tables and containers the pipeline owns.</summary>
public static class StorageNames
{
    /// <summary>Model versions, production pointers and history, one partition per model.</summary>
    public const string RegistryTable = "ModelRegistry";

    /// <summary>
    /// One row per model (its name), so that listing models reads only models: the registry's model rows share their
    /// partitions with every version and history row, and finding them across partitions scans the whole registry.
    /// </summary>
    public const string ModelIndexTable = "ModelIndex";

    /// <summary>Uploads that were not registered, with the reason.</summary>
    public const string RejectedUploadsTable = "RejectedUploads";

    /// <summary>The local watcher's record of blobs it has handled.</summary>
    public const string UploadReceiptsTable = "UploadReceipts";

    /// <summary>Who started each orchestration round (one claim per round, so that a round is scheduled once).</summary>
    public const string RoundClaimsTable = "RoundClaims";

    /// <summary>When the local runtime last ran each scheduled job.</summary>
    public const string SchedulesTable = "Schedules";

    /// <summary>The first answer to each API request sent with an <c>Idempotency-Key</c>, per caller and key.</summary>
    public const string IdempotentRequestsTable = "IdempotentRequests";

    /// <summary>Evaluation datasets named by model policies.</summary>
    public const string DatasetsContainer = "datasets";

    /// <summary>Staging reports, one per round: <c>{model}/{version}/staging-{round}.json</c>.</summary>
    public const string ReportsContainer = "reports";

    /// <summary>Where model artifacts are uploaded: <c>{model}/{version}/{file}</c>.</summary>
    public const string ModelsContainer = "models";

    /// <summary>
    /// The tested copies: <c>{model}/{sha256}</c>, written once by the pipeline (in Azure, only its
    /// identity may write here); tests, promotion, rollback and the production URI use them.
    /// </summary>
    public const string VaultContainer = "vault";
}
