namespace Pipeline.Core.Access;

/// <summary>How a policy's lists of people (approvers, owners) name a caller.</summary>
public static class CallerLists
{
    /// <summary>
    /// Whether <paramref name="entry"/> names <paramref name="caller"/>: their stable id exactly, or their
    /// name without regard to case.
    /// </summary>
    public static bool Names(string entry, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(caller);
        var trimmed = entry.Trim();
        return string.Equals(trimmed, caller.Id, StringComparison.Ordinal)
            || string.Equals(trimmed, caller.Name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether <paramref name="list"/> admits <paramref name="caller"/>; an unset list admits everyone.</summary>
    public static bool Admits(IReadOnlyList<string>? list, Caller caller) =>
        list is null || list.Any(entry => Names(entry, caller));
}
