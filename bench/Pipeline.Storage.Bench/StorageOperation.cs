using Pipeline.Storage.Transport;

namespace Pipeline.Storage.Bench;

/// <summary>One kind of storage request: who sent it, to which service, and what it was (<c>GET entity</c>, <c>POST messages</c>, ...).</summary>
/// <param name="Owner"><see cref="Pipeline"/> or <see cref="Durable"/>.</param>
/// <param name="Service">The storage service.</param>
/// <param name="Name">The method and what it acted on.</param>
public sealed record StorageOperation(string Owner, StorageService Service, string Name)
{
    /// <summary>The pipeline's own clients.</summary>
    public const string Pipeline = "pipeline";

    /// <summary>The durable backend's (DurableTask.AzureStorage) clients.</summary>
    public const string Durable = "durable";
}
