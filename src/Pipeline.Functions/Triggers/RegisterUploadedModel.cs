using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Pipeline.Storage;
using Pipeline.Workflow.Configuration;
using Pipeline.Workflow.Uploads;

namespace Pipeline.Functions.Triggers;

/// <summary>
/// Registers each blob uploaded to the models container. Event Grid delivers the blob-created
/// events (the only blob trigger source Flex Consumption supports). The function binds a
/// <see cref="BlobClient"/>, so the bytes are not downloaded here.
/// </summary>
public sealed class RegisterUploadedModel(UploadRegistrar registrar)
{
    /// <summary>Handles one upload.</summary>
    [Function(nameof(RegisterUploadedModel))]
    public Task<UploadDisposition> RunAsync(
        [BlobTrigger(StorageNames.ModelsContainer + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = SettingNames.Storage)] BlobClient blob,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        registrar.HandleAsync(client, blob.Name, cancellationToken);
}
