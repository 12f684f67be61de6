using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Pipeline.Core.Uploads;

namespace Pipeline.Storage.Blobs;

/// <summary>
/// The write-only URLs of upload intents: a blob-scoped shared access signature allowing create and write on the
/// one blob in the <c>models</c> container. Signed with the account key when the client holds one (Azurite's
/// connection string); otherwise, in Azure where the app reaches storage by identity, with a user delegation key,
/// which the app's identity obtains through its blob data role (no account key exists or is needed).
/// </summary>
public sealed class BlobUploadUrls(BlobServiceClient service) : IUploadUrlIssuer
{
    // A delegation key is asked for once and reused for the URLs whose expiry it covers; it may last 7 days.
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(2);

    // The key's start is set back so that a storage clock slightly behind the app's accepts it at once.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly BlobContainerClient uploads = service.GetBlobContainerClient(StorageNames.ModelsContainer);
    private UserDelegationKey? delegationKey;

    /// <summary>The longest an upload URL may last: the delegation key that signs it outlives it.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(1);

    /// <inheritdoc />
    public async Task<Uri> IssueWriteOnlyUrlAsync(string blobPath, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var blob = uploads.GetBlobClient(blobPath);
        var sas = new BlobSasBuilder(BlobSasPermissions.Create | BlobSasPermissions.Write, expiresAt)
        {
            BlobContainerName = uploads.Name,
            BlobName = blobPath,
            Resource = "b",
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };

        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        var key = await DelegationKeyAsync(expiresAt, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, service.AccountName) }.ToUri();
    }

    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset coveringUntil, CancellationToken cancellationToken)
    {
        if (delegationKey is { } cached && cached.SignedExpiresOn >= coveringUntil)
        {
            return cached;
        }

        // Two requests racing here each get a valid key; the last one kept is as good as the other.
        var now = DateTimeOffset.UtcNow;
        var options = new BlobGetUserDelegationKeyOptions(now + KeyLifetime) { StartsOn = now - ClockSkew };
        UserDelegationKey key = await service.GetUserDelegationKeyAsync(options, cancellationToken);
        delegationKey = key;
        return key;
    }
}
