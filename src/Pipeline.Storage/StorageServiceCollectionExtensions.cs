using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pipeline.Core.Requests;
using Pipeline.Core.Registry;
using Pipeline.Core.Uploads;
using Pipeline.Storage.Blobs;
using Pipeline.Storage.Tables;

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
        var connectionString = configuration[settingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddSingleton(new BlobServiceClient(connectionString));
            services.AddSingleton(new TableServiceClient(connectionString));
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
            services.AddSingleton(new BlobServiceClient(new Uri(blobUri), credential));
            services.AddSingleton(new TableServiceClient(new Uri(tableUri), credential));
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
}
