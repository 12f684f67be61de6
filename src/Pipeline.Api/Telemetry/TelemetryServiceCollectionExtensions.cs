using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Pipeline.Core.Diagnostics;

namespace Pipeline.Api.Telemetry;

/// <summary>OpenTelemetry for either host: what is traced and measured, and where it goes.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The OTLP endpoint setting (the OpenTelemetry standard name); no OTLP export without it.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The Application Insights setting; no Azure Monitor export without it.</summary>
    public const string AppInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Says how to authenticate to Application Insights: <c>ClientId=…;Authorization=AAD</c> for a user-assigned identity.</summary>
    public const string AppInsightsAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// The Durable Task SDK's own spans (scheduling, orchestration, activity). With them recorded the SDK carries the
    /// trace context from scheduling a round through the orchestration to each activity: one trace per round.
    /// </summary>
    public const string DurableTaskSource = "Microsoft.DurableTask";

    /// <summary>Overrides the service name the host passes.</summary>
    public const string ServiceNameSetting = "OTEL_SERVICE_NAME";

    /// <summary>
    /// Traces: the pipeline's own spans (<see cref="PipelineTelemetry.Source"/>), the Durable Task SDK's
    /// (<see cref="DurableTaskSource"/>), ASP.NET Core server spans, and the
    /// Azure SDK's spans (<c>Azure.*</c>) when they are children of those (the durable backend's own queue polling
    /// would otherwise be a root span every few hundred milliseconds). Metrics: <see cref="PipelineTelemetry.Meter"/>
    /// and ASP.NET Core's. Exported over OTLP when <see cref="OtlpEndpointSetting"/> is set (protocol from
    /// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>), to Azure Monitor when <see cref="AppInsightsSetting"/> is set.
    /// </summary>
    public static IServiceCollection AddPipelineTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        // The Azure SDK emits its ActivitySource spans only with this switch on.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);
        var appInsights = configuration[AppInsightsSetting];
        var named = configuration[ServiceNameSetting];

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(string.IsNullOrWhiteSpace(named) ? serviceName : named))
            .WithTracing(tracing =>
            {
                tracing
                    .SetSampler(new ParentBasedSampler(new PipelineRootSampler()))
                    .AddSource(PipelineTelemetry.Name)
                    .AddSource(DurableTaskSource)
                    .AddSource("Azure.*")
                    .AddAspNetCoreInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (!string.IsNullOrWhiteSpace(appInsights))
                {
                    tracing.AddAzureMonitorTraceExporter(o => Configure(o, appInsights, configuration));
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PipelineTelemetry.Name).AddAspNetCoreInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (!string.IsNullOrWhiteSpace(appInsights))
                {
                    metrics.AddAzureMonitorMetricExporter(o => Configure(o, appInsights, configuration));
                }
            });
        return services;
    }

    // In Azure the app reaches Application Insights by its managed identity (local authentication is off there):
    // the authentication string names the user-assigned identity's client id.
    private static void Configure(AzureMonitorExporterOptions options, string connectionString, IConfiguration configuration)
    {
        options.ConnectionString = connectionString;
        var authentication = configuration[AppInsightsAuthenticationSetting];
        if (string.IsNullOrWhiteSpace(authentication))
        {
            return;
        }

        var clientId = authentication.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .FirstOrDefault(pair => pair.Length == 2 && pair[0].Equals("ClientId", StringComparison.OrdinalIgnoreCase))?[1];
        options.Credential = string.IsNullOrEmpty(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    }
}
