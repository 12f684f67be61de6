using System.Globalization;
using System.Text;

namespace Pipeline.Storage.Bench;

/// <summary>What one run counted: one version's whole life and an idle period, with what they would cost.</summary>
public sealed record StorageOpsReport(
    string PricesAsOf,
    double LifeSeconds,
    double IdleSeconds,
    IReadOnlyList<StorageOpsRow> Life,
    IReadOnlyList<StorageOpsRow> Idle,
    long LifeOperations,
    long LifeOperationsPipeline,
    long LifeOperationsLessIdle,
    decimal LifeCostPerMillionVersions,
    long IdleOperationsPerHour,
    decimal IdleCostPerHour,
    decimal IdleCostPer30Days)
{
    /// <summary>The report as a table for the console.</summary>
    public string ToTable()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Storage operations (prices as of {PricesAsOf}; see StoragePrices)");
        text.AppendLine(c, $"One version's life ({LifeSeconds:F1} s: upload, tests, approval, promotion, archival of the one before): {LifeOperations} operations (the harness watches through its own, uncounted client; its one approve request is counted), {LifeOperationsPipeline} of them the pipeline's; less the idle rate over the same time: {LifeOperationsLessIdle}; ${LifeCostPerMillionVersions:F2} per million versions");
        Append(text, Life);
        text.AppendLine(c, $"Idle ({IdleSeconds:F0} s measured, extrapolated to one hour): {IdleOperationsPerHour} operations per hour, ${IdleCostPerHour:F4} per hour, ${IdleCostPer30Days:F2} per 30 days");
        Append(text, Idle);
        return text.ToString();
    }

    private static void Append(StringBuilder text, IReadOnlyList<StorageOpsRow> rows)
    {
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {row.Owner,-8} {row.Service,-5} {row.Operation,-40} {row.Count,8}");
        }
    }
}

/// <summary>One line of the report: how many operations of one kind.</summary>
public sealed record StorageOpsRow(string Owner, string Service, string Operation, long Count);
