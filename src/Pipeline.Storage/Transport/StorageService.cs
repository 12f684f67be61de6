namespace Pipeline.Storage.Transport;

/// <summary>The storage service a client talks to.</summary>
public enum StorageService
{
    /// <summary>Blob Storage.</summary>
    Blob,

    /// <summary>Queue Storage (the durable backend's).</summary>
    Queue,

    /// <summary>Table Storage.</summary>
    Table,
}
