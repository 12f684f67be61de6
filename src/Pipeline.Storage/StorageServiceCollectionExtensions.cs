using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Requests;
using Pipeline.Core.Registry;
using Pipeline.Core.Uploads;
using Pipeline.Storage.Blobs;
using Pipeline.Storage.Tables;
using Pipeline.Storage.Transport;

namespace Pipeline.Storage;

/// <summary>Registers the storage clients and adapters.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds singleton Blob and Table clients for the storage setting named <paramref name="settingName"/>
    /// and the registry adapters on them. The setting is either a connection string (Azurite) or, in Azure,
    /// the identity-based form: <c>{name}__blobServiceUri</c>, <c>{name}__tableServiceUri</c> and
    /// optionally <c>{name}__clientId</c> for a user-assigned identity.
    /// </summary>
    public static IServiceCollection AddPipelineStorage(this IServiceCollection services, IConfiguration configuration, string settingName)
    {
        // A host that started storage clients of its own before the container (the local runtime's durable backend)
        // registers its transport first, so that one injector and one set of counts cover every client.
        services.TryAddSingleton(sp => StorageTransport.From(configuration, sp.GetRequiredService<ILoggerFactory>()));
        var connectionString = configuration[settingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddSingleton(sp => new BlobServiceClient(connectionString, Transport(sp).Configure(new BlobClientOptions(), StorageService.Blob)));
            services.AddSingleton(sp => new TableServiceClient(connectionString, Transport(sp).Configure(new TableClientOptions(), StorageService.Table)));
        }
        else
        {
            var section = configuration.GetSection(settingName);
            var blobUri = section["blobServiceUri"]
                ?? throw new InvalidOperationException($"Storage is not configured: set '{settingName}' to a connection string, or '{settingName}__blobServiceUri' and '{settingName}__tableServiceUri' for managed identity.");
            var tableUri = section["tableServiceUri"]
                ?? throw new InvalidOperationException($"Storage is not configured: '{settingName}__tableServiceUri' is missing.");
            var clientId = section["clientId"];
            var credential = string.IsNullOrEmpty(clientId)
                ? new DefaultAzureCredential()
                : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
            services.AddSingleton(sp => new BlobServiceClient(new Uri(blobUri), credential, Transport(sp).Configure(new BlobClientOptions(), StorageService.Blob)));
            services.AddSingleton(sp => new TableServiceClient(new Uri(tableUri), credential, Transport(sp).Configure(new TableClientOptions(), StorageService.Table)));
        }

        services.AddSingleton<IRegistryStore, TableRegistryStore>();
        services.AddSingleton<Core.Events.IEventOutbox, TableEventOutbox>();
        services.AddSingleton<IArtifactStore, BlobArtifactStore>();
        services.AddSingleton<IUploadLog, TableUploadLog>();
        services.AddSingleton<IUploadIntentStore, TableUploadIntentStore>();
        services.AddSingleton<IUploadUrlIssuer, BlobUploadUrls>();
        services.AddSingleton<Core.Sources.IArtifactSources, BlobArtifactSources>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IIdempotencyStore, TableIdempotencyStore>();
        services.AddSingleton<BlobDatasetStore>();
        services.AddSingleton<IDatasetStore>(sp => sp.GetRequiredService<BlobDatasetStore>());
        services.AddSingleton<IReportStore>(sp => sp.GetRequiredService<BlobDatasetStore>());
        services.AddSingleton<UploadReceipts>();
        services.AddSingleton<RoundClaims>();
        services.AddSingleton<ScheduleState>();
        services.AddSingleton<StorageProbe>();
        return services;
    }

    private static StorageTransport Transport(IServiceProvider services) => services.GetRequiredService<StorageTransport>();
}
