namespace Pipeline.Bench;

/// <summary>One measured load phase.</summary>
/// <param name="Target">What was called.</param>
/// <param name="Requests">Requests answered in the measured part.</param>
/// <param name="Seconds">How long the measured part took.</param>
/// <param name="RequestsPerSecond">Answered requests per second.</param>
/// <param name="P50Ms">Median latency.</param>
/// <param name="P99Ms">99th-percentile latency.</param>
public sealed record LoadSummary(string Target, int Requests, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms);
