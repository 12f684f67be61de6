using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pipeline.Local.Hosting;

namespace Pipeline.Workflow.Tests;

/// <summary>A bad setting stops a host at start, naming the setting, before anything is started.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("Pipeline:ApprovalTimeout", "-00:00:01", "Pipeline__ApprovalTimeout")]
    [InlineData("Pipeline:MaxEvaluationTime", "00:00:00", "Pipeline__MaxEvaluationTime")]
    [InlineData("Pipeline:MaxArtifactBytes", "0", "Pipeline__MaxArtifactBytes")]
    [InlineData("Retention:KeepArchived", "-1", "Retention__KeepArchived")]
    [InlineData("Retention:MaxPurgesPerRun", "0", "Retention__MaxPurgesPerRun")]
    public async Task FunctionsHostServices_InvalidSetting_FailAtStartNamingIt(string key, string value, string named)
    {
        using var host = BuildHost(key, value);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionsHostServices_UnreadableSetting_FailAtStartNamingIt()
    {
        using var host = BuildHost("Pipeline:ApprovalTimeout", "a week");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("Pipeline:ApprovalTimeout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Pipeline:ApprovalTimeout=-00:00:05", "Pipeline__ApprovalTimeout")]
    [InlineData("--Local:WatchInterval=00:00:00", "Local__WatchInterval")]
    [InlineData("--Local:AzuriteBlobPort=70000", "Local__AzuriteBlobPort")]
    public async Task LocalRuntime_InvalidSetting_RefusesToStartNamingIt(string argument, string named)
    {
        // Nothing is started first: no Azurite is needed to see the refusal.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => LocalRuntime.StartAsync([argument, "--urls=http://127.0.0.1:0"], CancellationToken.None));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionsHostServices_ValidSettings_Start()
    {
        using var host = BuildHost("Pipeline:ApprovalTimeout", "3.00:00:00");

        await host.StartAsync();

        Assert.Equal(TimeSpan.FromDays(3), host.Services.GetRequiredService<IOptions<PipelineOptions>>().Value.ApprovalTimeout);
        await host.StopAsync();
    }

    private static IHost BuildHost(string key, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                // Never contacted: the clients connect lazily, and validation comes first.
                ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
                [key] = value,
            })
            .Build();
        return new HostBuilder()
            .ConfigureAppConfiguration(builder => builder.AddConfiguration(configuration))
            .ConfigureServices(services => services.AddPipeline(configuration))
            .Build();
    }
}
