namespace Pipeline.Core.Registry;

/// <summary>A person's decision on a version awaiting approval.</summary>
/// <param name="Approved">True to promote, false to reject.</param>
/// <param name="Actor">Who decided.</param>
/// <param name="Comment">The approval comment or the rejection reason.</param>
public sealed record PromotionDecision(bool Approved, string Actor, string? Comment);
