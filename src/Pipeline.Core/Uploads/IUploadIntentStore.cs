namespace Pipeline.Core.Uploads;

/// <summary>Where each version's current upload intent is kept.</summary>
public interface IUploadIntentStore
{
    /// <summary>The version's intent, open or expired, or null when nobody asked for one (or it was replaced).</summary>
    Task<UploadIntent?> FindAsync(string model, string version, CancellationToken cancellationToken);

    /// <summary>
    /// Saves <paramref name="intent"/> as the version's intent: added when <paramref name="replacing"/> is null,
    /// otherwise in place of the intent read with that concurrency token.
    /// </summary>
    /// <returns>False when another writer got there first (an intent was added, or the one read has changed); nothing is written then.</returns>
    Task<bool> TrySaveAsync(UploadIntent intent, string? replacing, CancellationToken cancellationToken);
}
