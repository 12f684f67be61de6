namespace Pipeline.Core.Uploads;

/// <summary>
/// A caller's recorded request to upload one version's artifact: who asked, for which blob, and the window
/// in which the write-only URL they were given works. A version has at most one intent at a time.
/// </summary>
/// <param name="Model">The model.</param>
/// <param name="Version">The version.</param>
/// <param name="BlobPath">The one blob the URL may write, <c>{model}/{version}/{file}</c> in the models container.</param>
/// <param name="CallerId">The verified caller's stable id.</param>
/// <param name="CallerName">The verified caller's name.</param>
/// <param name="CreatedAt">When the intent was first given (asking again keeps it while it is open).</param>
/// <param name="ExpiresAt">When its URL stops working.</param>
public sealed record UploadIntent(
    string Model, string Version, string BlobPath, string CallerId, string CallerName, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>
    /// How far a blob's creation time may lie outside the window and still count as written through the intent:
    /// storage keeps creation times to the second, its clock is not the app's, and a single large PUT accepted
    /// just before expiry commits after it.
    /// </summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The store's concurrency token for the read this record came from; guards the next write.</summary>
    public string? ConcurrencyToken { get; init; }

    /// <summary>Whether the intent's URL still works at <paramref name="now"/>.</summary>
    public bool IsOpenAt(DateTimeOffset now) => now < ExpiresAt;

    /// <summary>Whether <paramref name="blobName"/>, created at <paramref name="createdOn"/>, can have been written through this intent.</summary>
    public bool Covers(string blobName, DateTimeOffset createdOn) =>
        string.Equals(blobName, BlobPath, StringComparison.Ordinal)
        && createdOn >= CreatedAt - ClockTolerance
        && createdOn <= ExpiresAt + ClockTolerance;
}

/// <summary>What a caller is given for an upload intent.</summary>
/// <param name="UploadUrl">A write-only URL for the one blob (create and write; no read, list or delete), until <paramref name="ExpiresAt"/>.</param>
/// <param name="BlobPath">The blob it writes, in the models container.</param>
/// <param name="ExpiresAt">When the URL stops working.</param>
public sealed record IssuedUploadIntent(Uri UploadUrl, string BlobPath, DateTimeOffset ExpiresAt);
