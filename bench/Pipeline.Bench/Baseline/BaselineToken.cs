namespace Pipeline.Bench.Baseline;

/// <summary>The small record each baseline activity takes and returns, like the pipeline's <c>VersionRound</c>.</summary>
/// <param name="Run">Which baseline run this is.</param>
/// <param name="Step">How many activities have handled it so far.</param>
/// <param name="Steps">How many activities the run calls; null means <see cref="BaselineOrchestrator.ActivityCount"/>.</param>
public sealed record BaselineToken(string Run, int Step, int? Steps = null);
