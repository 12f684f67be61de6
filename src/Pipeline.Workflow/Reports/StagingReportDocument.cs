using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Staging;

namespace Pipeline.Workflow.Reports;

/// <summary>
/// The staging report as stored in <c>reports/{model}/{version}/staging-{round}.json</c> and served to
/// approvers: <c>{"passed": bool, "checks": [...]}</c>, each check with its name, outcome, reason,
/// duration and what it measured (for champion/challenger, <c>metrics</c> holds the
/// <c>candidate</c> and <c>production</c> maps).
/// </summary>
public static class StagingReportDocument
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The report as UTF-8 JSON.</summary>
    public static byte[] Serialize(string model, string version, int attempt, DateTimeOffset testedAt, StagingReport report)
    {
        var checks = new JsonArray();
        foreach (var check in report.Checks)
        {
            var node = new JsonObject
            {
                ["name"] = check.Name,
                ["outcome"] = JsonSerializer.SerializeToNode(check.Outcome),
                ["reason"] = check.Reason,
                ["durationMs"] = Math.Round(check.DurationMs, 3),
            };
            if (check.ProductionMetrics is not null)
            {
                node["metrics"] = new JsonObject
                {
                    ["candidate"] = JsonSerializer.SerializeToNode(check.Metrics),
                    ["production"] = JsonSerializer.SerializeToNode(check.ProductionMetrics),
                };
            }
            else if (check.Metrics is not null)
            {
                node["metrics"] = JsonSerializer.SerializeToNode(check.Metrics);
            }

            Add(node, "p50Ms", check.P50Ms);
            Add(node, "p95Ms", check.P95Ms);
            Add(node, "measured", check.Measured);
            Add(node, "threshold", check.Threshold);
            if (check.Details is { Count: > 0 })
            {
                node["details"] = JsonSerializer.SerializeToNode(check.Details);
            }

            checks.Add(node);
        }

        var document = new JsonObject
        {
            ["model"] = model,
            ["version"] = version,
            ["attempt"] = attempt,
            ["testedAt"] = testedAt,
            ["passed"] = report.Passed,
            ["checks"] = checks,
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, Json);
    }

    private static void Add(JsonObject node, string name, double? value)
    {
        if (value is { } number)
        {
            node[name] = Math.Round(number, 4);
        }
    }
}
