namespace Pipeline.Bench.Baseline;

/// <summary>The small record each baseline activity takes and returns, like the pipeline's <c>VersionRound</c>.</summary>
/// <param name="Run">Which baseline run this is.</param>
/// <param name="Step">How many activities have handled it so far.</param>
public sealed record BaselineToken(string Run, int Step);
