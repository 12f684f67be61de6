using Pipeline.Core.Registry;

namespace Pipeline.Core.Approvals;

/// <summary>A version awaiting a decision, with what the approver's inbox shows beside it.</summary>
/// <param name="Version">The version (its state is AwaitingApproval).</param>
/// <param name="UploadedBy">Who uploaded it, or null when nobody is named.</param>
/// <param name="UploaderVerified">False while the uploader is the one the upload's metadata claims.</param>
/// <param name="RequiredApprovals">How many distinct approvals the model's policy requires.</param>
/// <param name="AgainstProduction">How it differs from the model's production version.</param>
public sealed record PendingApproval(
    ModelVersion Version, string? UploadedBy, bool UploaderVerified, int RequiredApprovals, ProductionComparison AgainstProduction);
