using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Cli.Following;
using Pipeline.Cli.Http;
using Pipeline.Core.Approvals;
using Pipeline.Core.Staging;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pipeline.Cli.Output;

/// <summary>The API's answers as tables. Every cell is plain text: names and reasons come from users and are never markup.</summary>
internal static class ResultTables
{
    /// <summary>An instant as the tables show it, in UTC.</summary>
    public static string Time(DateTimeOffset? at) =>
        at?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>GET /api/models.</summary>
    public static Table Models(IEnumerable<ModelSummary> models)
    {
        var table = New("Model", "Production", "Since", "Created");
        foreach (var m in models)
        {
            Row(table, m.Model, m.Production?.Version ?? "-", Time(m.Production?.Since), Time(m.CreatedAt));
        }

        return table;
    }

    /// <summary>GET /api/models/{model}: its versions, in registration order.</summary>
    public static Table Versions(ModelDetails model)
    {
        var table = New("#", "Version", "State", "Registered", "Size", "Checks", "Uploaded by");
        foreach (var v in model.Versions.OrderBy(v => v.Number ?? int.MaxValue).ThenBy(v => v.RegisteredAt))
        {
            var uploader = v.UploadedBy is { } u ? (u.Verified ? u.Name : $"{u.Name} (claimed)") : "-";
            Row(table, v.Number?.ToString(CultureInfo.InvariantCulture) ?? "-", v.Version, v.State, Time(v.RegisteredAt), ByteSize.Format(v.SizeBytes), Checks(v.TestResults), uploader);
        }

        return table;
    }

    /// <summary>One version: its facts, then its checks.</summary>
    public static IRenderable Version(VersionView v)
    {
        var facts = New("Version", v.Version);
        Row(facts, "Number", v.Number?.ToString(CultureInfo.InvariantCulture) ?? "-");
        Row(facts, "State", v.State);
        if (v.StatusReason is { } reason)
        {
            Row(facts, "Reason", reason);
        }

        Row(facts, "Registered", Time(v.RegisteredAt));
        Row(facts, "Size", ByteSize.Format(v.SizeBytes));
        Row(facts, "SHA-256", v.Sha256 ?? "-");
        Row(facts, "Uploaded by", v.UploadedBy is { } u ? $"{u.Name}{(u.Verified ? " (verified)" : " (claimed)")}" : "-");
        if (v.ApprovalDueAt is { } due)
        {
            Row(facts, "Approval due", Time(due));
        }

        foreach (var d in v.Decisions)
        {
            Row(facts, d.Decision, $"{d.By} at {Time(d.At)}{(d.Comment is null ? string.Empty : $": {d.Comment}")}");
        }

        var checks = New("Check", "Outcome", "Reason");
        foreach (var c in v.TestResults)
        {
            Row(checks, c.Name, VersionFollower.Outcome(c.Outcome), c.Reason);
        }

        return new Rows(facts, checks);
    }

    /// <summary>GET /api/models/{model}/history, newest first.</summary>
    public static Table History(IEnumerable<HistoryView> history)
    {
        var table = New("At", "Version", "Action", "From → To", "Actor", "Reason");
        foreach (var h in history)
        {
            var change = h.From is null && h.To is null ? "-" : $"{h.From?.ToString() ?? "-"} → {h.To?.ToString() ?? "-"}";
            Row(table, Time(h.At), h.Version ?? "-", h.Action.ToString(), change, h.Actor, h.Reason ?? string.Empty);
        }

        return table;
    }

    /// <summary>GET …/report: each check with what it measured. The report's shape varies by check, so it is read as JSON.</summary>
    public static Table Report(JsonNode report)
    {
        var table = New("Check", "Outcome", "Reason", "Measured", "Duration");
        foreach (var check in report["checks"]?.AsArray() ?? [])
        {
            var measured = Measured(check!);
            var duration = check!["durationMs"]?.GetValue<double>() is { } ms ? string.Create(CultureInfo.InvariantCulture, $"{ms:0.#} ms") : "-";
            Row(table, Text(check["name"]), Text(check["outcome"]), Text(check["reason"]), measured, duration);
        }

        return table;
    }

    /// <summary>GET /api/approvals: what awaits a decision, oldest first.</summary>
    public static Table Approvals(IEnumerable<PendingApprovalView> pending)
    {
        var table = New("Model", "#", "Version", "Uploaded by", "Due", "Approvals", "Checks", "Against production");
        foreach (var p in pending)
        {
            var uploader = p.UploadedBy is null ? "-" : p.UploaderVerified ? p.UploadedBy : $"{p.UploadedBy} (claimed)";
            var checks = p.Passed ? $"{p.Checks.Count(c => c.Outcome == CheckOutcome.Passed)} passed" : string.Join(", ", p.Checks.Where(c => c.Outcome == CheckOutcome.Failed).Select(c => $"{c.Name} failed"));
            Row(table, p.Model, p.Number?.ToString(CultureInfo.InvariantCulture) ?? "-", p.Version, uploader, Time(p.ApprovalDueAt), $"{p.Approvals} of {p.RequiredApprovals}", checks, Against(p.AgainstProduction));
        }

        return table;
    }

    /// <summary>How a version's checks ended, in a few words: "3 passed", "loads failed".</summary>
    public static string Checks(IReadOnlyList<CheckResult> results)
    {
        if (results.Count == 0)
        {
            return "-";
        }

        var failed = results.Where(c => c.Outcome == CheckOutcome.Failed).Select(c => c.Name).ToList();
        return failed.Count == 0
            ? $"{results.Count(c => c.Outcome == CheckOutcome.Passed)} passed"
            : $"{string.Join(", ", failed)} failed";
    }

    private static string Against(ProductionComparison? comparison)
    {
        if (comparison?.ProductionVersion is not { } production)
        {
            return "no production version";
        }

        var metrics = comparison.Metrics
            .Where(m => m.Difference is not null)
            .Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Name} {m.Difference:+0.####;-0.####;0}"));
        var signature = comparison.Signature switch
        {
            null => null,
            { Same: true } => "same signature",
            _ => "signature changed",
        };
        return $"vs {production}: {string.Join(", ", new[] { signature }.Concat(metrics).OfType<string>())}".TrimEnd(' ', ':');
    }

    private static string Measured(JsonNode check)
    {
        var parts = new List<string>();
        // Flat metrics ({"accuracy": 0.83}) or, beside production's, {"candidate": {…}, "production": {…}}.
        var metrics = check["metrics"] is JsonObject m && m["candidate"] is JsonObject candidate ? candidate : check["metrics"] as JsonObject;
        foreach (var (name, value) in metrics ?? new JsonObject())
        {
            if (value is JsonValue number && number.TryGetValue<double>(out var x))
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name}={x:0.####}"));
            }
        }

        foreach (var name in new[] { "p50Ms", "p95Ms", "measured", "threshold" })
        {
            if (check[name] is JsonValue number && number.TryGetValue<double>(out var x))
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name}={x:0.####}"));
            }
        }

        return parts.Count == 0 ? "-" : string.Join(" ", parts);
    }

    private static string Text(JsonNode? node) => node?.ToString() ?? "-";

    private static Table New(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column)));
        }

        return table;
    }

    private static void Row(Table table, params string[] cells) => table.AddRow(cells.Select(c => (IRenderable)new Text(c)));
}
