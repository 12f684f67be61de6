using System.Text.Json.Serialization;

namespace Pipeline.Core.Staging;

/// <summary>How one staging check ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckOutcome>))]
public enum CheckOutcome
{
    /// <summary>The check ran and the version met it.</summary>
    Passed,

    /// <summary>The check ran and the version did not meet it.</summary>
    Failed,

    /// <summary>The check did not apply.</summary>
    Skipped,
}

/// <summary>The result of one staging check: one shape for every check.</summary>
/// <param name="Name">The check's name (<c>integrity</c>, ...).</param>
/// <param name="Outcome">Passed, failed or skipped.</param>
/// <param name="Reason">Why, in words an approver can read.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="Details">What it measured, by name.</param>
public sealed record CheckResult(
    string Name,
    CheckOutcome Outcome,
    string Reason,
    double DurationMs,
    IReadOnlyDictionary<string, string>? Details = null);
