using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Pipeline.Api.Telemetry;

/// <summary>
/// Which spans may start a trace: server requests, messages (the Durable Task SDK's scheduling of an orchestration is a
/// producer span) and the pipeline's own spans (activities, checks, cleanup). Other
/// roots, in practice the Azure SDK's client calls of the durable backend's polling loops, are dropped; the same calls
/// made under a request or an activity are kept as its children (the parent-based sampler decides those).
/// </summary>
internal sealed class PipelineRootSampler : Sampler
{
    private static readonly string[] OwnPrefixes = ["activity ", "staging.", "cleanup."];

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var name = samplingParameters.Name;
        var keep = samplingParameters.Kind is ActivityKind.Server or ActivityKind.Consumer or ActivityKind.Producer
            || OwnPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));
        return new SamplingResult(keep ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
    }
}
