namespace Pipeline.Core.Diagnostics;

/// <summary>
/// Fault points compiled into the pipeline and enabled only by a setting (<c>Pipeline__FaultPoints</c>, a comma
/// list of <c>point</c> or <c>point:where</c>, e.g. <c>after-registry-write:PromoteVersion</c>): when the code
/// passes an enabled point, the process dies at once, as <c>kill -9</c> would end it there. For recovery tests;
/// empty (the default, and always in Azure) it does nothing.
/// </summary>
public sealed class FaultPoints
{
    private readonly IReadOnlyList<(string Point, string? Where)> rules;
    private readonly Action<string> die;

    /// <summary>The points <paramref name="setting"/> enables; <paramref name="die"/> ends the process (by default <see cref="Environment.FailFast(string)"/>).</summary>
    /// <exception cref="ArgumentException">The setting names an unknown point (<see cref="Validate"/> says which).</exception>
    public FaultPoints(string? setting, Action<string>? die = null)
    {
        if (Validate(setting) is { } error)
        {
            throw new ArgumentException(error, nameof(setting));
        }

        rules = Parse(setting);
        this.die = die ?? Die;
    }

    /// <summary>None enabled.</summary>
    public static FaultPoints None { get; } = new(null);

    /// <summary>Whether any point is enabled.</summary>
    public bool Enabled => rules.Count > 0;

    /// <summary>
    /// Passes <paramref name="point"/>: dies when a rule names it without a place, or with one of <paramref name="where"/>
    /// (case-insensitive), after writing a line that names the point and the place.
    /// </summary>
    public void Hit(string point, params string[] where)
    {
        foreach (var rule in rules)
        {
            if (string.Equals(rule.Point, point, StringComparison.OrdinalIgnoreCase)
                && (rule.Where is null || where.Any(w => string.Equals(w, rule.Where, StringComparison.OrdinalIgnoreCase))))
            {
                die($"Fault point {point} hit at {string.Join('/', where)} (Pipeline__FaultPoints): the process dies now.");
                return;
            }
        }
    }

    /// <summary>Why <paramref name="setting"/> is not a list of known points, or null when it is (empty included).</summary>
    public static string? Validate(string? setting)
    {
        var unknown = Parse(setting).Select(r => r.Point).Where(p => !FaultPoint.All.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
        return unknown.Count == 0
            ? null
            : $"Pipeline__FaultPoints names unknown points ({string.Join(", ", unknown)}); known: {string.Join(", ", FaultPoint.All)}.";
    }

    private static List<(string Point, string? Where)> Parse(string? setting) =>
        (setting ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(item => item.Split(':', 2, StringSplitOptions.TrimEntries))
            .Select(parts => (parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : (string?)null))
            .ToList();

    // A line on standard error first: the console logger writes from a queue that FailFast does not drain.
    private static void Die(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.Flush();
        Environment.FailFast(message);
    }
}
