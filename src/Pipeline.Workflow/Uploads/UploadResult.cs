using Pipeline.Core.Registry;

namespace Pipeline.Workflow.Uploads;

/// <summary>What became of an upload: its disposition, the version it is (when registered) and, when it was not, why.</summary>
/// <param name="Disposition">What became of it.</param>
/// <param name="Version">The version the upload is, for <see cref="UploadDisposition.Registered"/> and <see cref="UploadDisposition.Duplicate"/>.</param>
/// <param name="Reason">Why it was not registered, for <see cref="UploadDisposition.Rejected"/> (as listed with the rejected uploads).</param>
public sealed record UploadResult(UploadDisposition Disposition, ModelVersion? Version = null, string? Reason = null);
