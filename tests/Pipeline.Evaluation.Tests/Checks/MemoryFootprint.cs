using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Evaluation.Tests.Checks;

/// <summary>
/// What one case cost the process: its time, its peak resident set above the start (native memory, ONNX
/// Runtime's included), the growth of the managed heap and the managed bytes allocated. On Linux the kernel's
/// peak (<c>VmHWM</c>) is reset at the start, so the peak is this case's own; elsewhere the process's peak
/// since it started is the upper bound reported.
/// </summary>
internal sealed class MemoryFootprint
{
    private readonly Stopwatch clock;
    private readonly long startResident, startHeap, startAllocated;
    private readonly bool peakReset;

    private MemoryFootprint()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        peakReset = TryResetPeak();
        startResident = Resident();
        startHeap = GC.GetTotalMemory(forceFullCollection: false);
        startAllocated = GC.GetTotalAllocatedBytes(precise: true);
        clock = Stopwatch.StartNew();
    }

    public TimeSpan Elapsed { get; private set; }

    /// <summary>Peak resident set during the case, above the resident set at its start.</summary>
    public long PeakGrowthBytes { get; private set; }

    /// <summary>Managed heap at the end, above the start (no collection in between).</summary>
    public long HeapGrowthBytes { get; private set; }

    /// <summary>Managed bytes allocated during the case.</summary>
    public long AllocatedBytes { get; private set; }

    public static MemoryFootprint Start() => new();

    public MemoryFootprint Stop()
    {
        Elapsed = clock.Elapsed;
        AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - startAllocated;
        HeapGrowthBytes = GC.GetTotalMemory(forceFullCollection: false) - startHeap;
        PeakGrowthBytes = Math.Max(0, Peak() - startResident);
        return this;
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Elapsed.TotalMilliseconds:0} ms; peak working set +{Mib(PeakGrowthBytes)} MiB{(peakReset ? string.Empty : " (process peak)")}, managed heap {Mib(HeapGrowthBytes):+0.0;-0.0} MiB, allocated {Mib(AllocatedBytes)} MiB");

    private static double Mib(long bytes) => Math.Round(bytes / 1048576.0, 1);

    private static long Resident()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private long Peak()
    {
        if (peakReset && ReadStatusKib("VmHWM:") is { } kib)
        {
            return kib * 1024;
        }

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    // Writing 5 to clear_refs resets the kernel's peak resident set of the process (Linux 4.0 and later).
    private static bool TryResetPeak()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? ReadStatusKib(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
