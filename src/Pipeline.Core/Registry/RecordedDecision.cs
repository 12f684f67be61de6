namespace Pipeline.Core.Registry;

/// <summary>
/// A person's decision on a version awaiting approval, as the registry holds it: bound to the round
/// and the artifact it was made on, so it cannot be carried over to a retest or another artifact.
/// </summary>
/// <param name="Id">Names the decision; the workflow's signal carries it and is acted on only when it matches.</param>
/// <param name="Approved">True for an approval, false for a rejection.</param>
/// <param name="ActorId">The caller's stable id.</param>
/// <param name="Actor">The caller's name, as the history records it.</param>
/// <param name="Comment">The approval comment or the rejection reason.</param>
/// <param name="Attempt">The round it was made in.</param>
/// <param name="Sha256">The SHA-256 of the tested artifact it was made on.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Settles">True when it decided the round: a rejection, or the approval that reached the number required.</param>
public sealed record RecordedDecision(
    string Id,
    bool Approved,
    string ActorId,
    string Actor,
    string? Comment,
    int Attempt,
    string? Sha256,
    DateTimeOffset At,
    bool Settles)
{
    /// <summary>"approved" or "rejected".</summary>
    public string Verb => Approved ? "approved" : "rejected";
}
