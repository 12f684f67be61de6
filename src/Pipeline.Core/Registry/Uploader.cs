namespace Pipeline.Core.Registry;

/// <summary>Who uploaded a version's artifact, and whether the pipeline knows it or only the upload says so.</summary>
/// <param name="Id">The caller's stable id (<see cref="Access.Caller.Id"/>) when verified; null for a claim, which names no id.</param>
/// <param name="Name">The caller's name when verified; otherwise what the blob's <c>uploadedby</c> metadata says.</param>
/// <param name="Verified">
/// True when the blob arrived through an upload intent this caller asked for (see <see cref="Uploads.UploadIntents"/>);
/// false when only the blob's <see cref="ModelVersion.UploadedByMetadata"/> metadata names the uploader.
/// </param>
public sealed record Uploader(string? Id, string Name, bool Verified);
