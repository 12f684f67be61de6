using System.Collections.Concurrent;

namespace Pipeline.Testing;

/// <summary>Which deliveries a receiver fails: the first N attempts of the event of one type and subject.</summary>
public sealed class FailurePlan
{
    private readonly ConcurrentDictionary<string, int> attemptsById = new();

    /// <summary>Fail the first N attempts of the event whose type and subject match; null for no failures.</summary>
    public (string Type, string Subject, int Failures)? FailFirstAttempts { get; set; }

    /// <summary>Counts an attempt of event <paramref name="id"/>; true when the plan says to answer it 500.</summary>
    public bool Fails(string id, string? type, string? subject)
    {
        var attempt = attemptsById.AddOrUpdate(id, 1, (_, n) => n + 1);
        return FailFirstAttempts is var (failType, failSubject, failures) && type == failType && subject == failSubject && attempt <= failures;
    }
}
