using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Pipeline.Storage.Transport;

/// <summary>
/// Test settings that make every storage client of the app fail some of its requests on purpose
/// (<c>Pipeline__StorageFaults__Rate</c>, <c>__Seed</c>, <c>__Kinds</c>). Never deployed: a rate of 0, the default, injects nothing.
/// </summary>
/// <param name="Rate">The share of requests that fail, 0 to 1.</param>
/// <param name="Seed">The seed of the draws, so that one seed injects the same sequence of faults.</param>
/// <param name="Kinds">The kinds drawn from, each equally likely (default 503, 500 and timeout).</param>
public sealed record StorageFaultSettings(double Rate, int Seed, IReadOnlyList<StorageFaultKind> Kinds)
{
    /// <summary>The configuration section (<c>Pipeline__StorageFaults__*</c> in the environment).</summary>
    public const string Section = "Pipeline:StorageFaults";

    /// <summary>The seed used when none is set.</summary>
    public const int DefaultSeed = 12;

    /// <summary>Whether any fault is injected.</summary>
    public bool Enabled => Rate > 0;

    /// <summary>Reads the settings; without them, nothing is injected.</summary>
    /// <exception cref="InvalidOperationException">A setting has the wrong form; the message names it.</exception>
    public static StorageFaultSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var rate = section["Rate"] is { Length: > 0 } rateText
            ? double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 1
                ? parsed
                : throw new InvalidOperationException($"Pipeline__StorageFaults__Rate must be a number from 0 to 1 such as 0.2; it is '{rateText}'.")
            : 0;
        var seed = section["Seed"] is { Length: > 0 } seedText
            ? int.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
                ? s
                : throw new InvalidOperationException($"Pipeline__StorageFaults__Seed must be an integer; it is '{seedText}'.")
            : DefaultSeed;
        var kinds = section["Kinds"] is { Length: > 0 } kindsText
            ? kindsText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseKind).Distinct().ToList()
            : [StorageFaultKind.ServiceUnavailable, StorageFaultKind.InternalError, StorageFaultKind.Timeout];
        if (kinds.Count == 0)
        {
            throw new InvalidOperationException("Pipeline__StorageFaults__Kinds must name at least one of 503, 500, timeout, lost.");
        }

        return new StorageFaultSettings(rate, seed, kinds);
    }

    /// <summary>The name a kind has in the settings and in the injector's counts.</summary>
    public static string NameOf(StorageFaultKind kind) => kind switch
    {
        StorageFaultKind.ServiceUnavailable => "503",
        StorageFaultKind.InternalError => "500",
        StorageFaultKind.Timeout => "timeout",
        _ => "lost",
    };

    private static StorageFaultKind ParseKind(string text) => text.ToUpperInvariant() switch
    {
        "503" => StorageFaultKind.ServiceUnavailable,
        "500" => StorageFaultKind.InternalError,
        "TIMEOUT" => StorageFaultKind.Timeout,
        "LOST" => StorageFaultKind.LostAnswer,
        _ => throw new InvalidOperationException($"Pipeline__StorageFaults__Kinds lists '{text}'; the kinds are 503, 500, timeout and lost."),
    };
}
