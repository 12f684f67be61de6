using Pipeline.Core.Lifecycle;

namespace Pipeline.Core.Registry;

/// <summary>Someone's request that a version move to another stage (an MLflow transition request); an approver decides on it.</summary>
/// <param name="Id">The request's id.</param>
/// <param name="ToStage">The stage asked for (Production: the gate's approval).</param>
/// <param name="RequesterId">The requester's stable id.</param>
/// <param name="Requester">The requester's name.</param>
/// <param name="Comment">Why, in the requester's words.</param>
/// <param name="Attempt">The round of staging tests it was made in; a later round's inbox does not show it.</param>
/// <param name="At">When it was made.</param>
public sealed record TransitionRequest(string Id, Stage ToStage, string RequesterId, string Requester, string? Comment, int Attempt, DateTimeOffset At);
