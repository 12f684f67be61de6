using Pipeline.Testing;

namespace Pipeline.Local.Tests;

/// <summary>
/// Checks one model's registry after crashes, as a user reads it through the API: the versions' states, the
/// production pointer, and the history, whose entries must each appear exactly once. Returns what is wrong.
/// </summary>
internal static class VersionAudit
{
    /// <summary>The history entries of <paramref name="model"/>, oldest first, as "version:action".</summary>
    public static async Task<IReadOnlyList<string>> HistoryAsync(ApiClient api, string model)
    {
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        // The API answers newest first.
        return [.. history.Reverse().Select(h => $"{h!["version"]}:{h["action"]}")];
    }

    /// <summary>How many times <paramref name="action"/> of <paramref name="version"/> is in <paramref name="history"/>.</summary>
    public static int Count(IReadOnlyList<string> history, string version, string action) =>
        history.Count(h => h == $"{version}:{action}");

    /// <summary>
    /// Anomalies of a model whose every version was uploaded once, tested once and approved once: each must be in
    /// production or archived; one production version, named by the pointer; each promotion archived exactly the
    /// version it replaced; every history entry once.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ApprovedModelAnomaliesAsync(ApiClient api, string model, IReadOnlyList<string> versions)
    {
        var anomalies = new List<string>();
        var states = new Dictionary<string, string>();
        foreach (var version in versions)
        {
            states[version] = await api.StateOfAsync(model, version);
            if (states[version] is not ("Production/" or "Archived/"))
            {
                anomalies.Add($"{model}/{version} ended {states[version]}");
            }
        }

        var inProduction = states.Where(s => s.Value == "Production/").Select(s => s.Key).ToList();
        var (status, _, pointer) = await api.GetAsync($"api/models/{model}/production");
        var pointed = status == System.Net.HttpStatusCode.OK ? pointer!["version"]!.GetValue<string>() : null;
        if (inProduction.Count != 1 || pointed != inProduction[0])
        {
            anomalies.Add($"{model}: rows in production [{string.Join(", ", inProduction)}], pointer {pointed ?? "none"}");
        }

        var history = await HistoryAsync(api, model);
        foreach (var version in versions)
        {
            foreach (var action in new[] { "registered", "testsStarted", "testsPassed", "approvalRecorded", "promoted" })
            {
                if (Count(history, version, action) != 1)
                {
                    anomalies.Add($"{model}/{version}: {Count(history, version, action)} '{action}' entries");
                }
            }
        }

        // Promotions in history order: each archived the one before it, once; the last is the one in production.
        var promoted = history.Where(h => h.EndsWith(":promoted", StringComparison.Ordinal)).Select(h => h.Split(':')[0]).ToList();
        var archived = history.Where(h => h.EndsWith(":archived", StringComparison.Ordinal)).Select(h => h.Split(':')[0]).Order(StringComparer.Ordinal).ToList();
        var replaced = promoted.Take(Math.Max(0, promoted.Count - 1)).Order(StringComparer.Ordinal).ToList();
        if (!archived.SequenceEqual(replaced))
        {
            anomalies.Add($"{model}: promoted [{string.Join(", ", promoted)}] but archived [{string.Join(", ", archived)}]");
        }

        if (promoted.Count > 0 && pointed != promoted[^1])
        {
            anomalies.Add($"{model}: last promoted {promoted[^1]}, pointer {pointed ?? "none"}");
        }

        var unexpected = history.Where(h => h.Split(':')[1] is not ("registered" or "testsStarted" or "testsPassed" or "approvalRecorded" or "promoted" or "archived")).ToList();
        anomalies.AddRange(unexpected.Select(h => $"{model}: unexpected history entry {h}"));
        return anomalies;
    }
}
