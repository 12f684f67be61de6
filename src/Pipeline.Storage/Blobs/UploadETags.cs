using Azure;

namespace Pipeline.Storage.Blobs;

/// <summary>
/// An upload's ETag in the one form the registry records and compares: the header's, quoted. A <c>HEAD</c> answers it
/// quoted, a listing unquoted; every reader of an upload's ETag goes through here, so the two always compare equal.
/// </summary>
public static class UploadETags
{
    /// <summary>The ETag in the header's form; empty when there is none.</summary>
    public static string Of(ETag? etag) => etag?.ToString("H") ?? string.Empty;
}
