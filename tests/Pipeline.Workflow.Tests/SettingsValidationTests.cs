using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pipeline.Api.Http;
using Pipeline.Api.Identity;
using Pipeline.Local.Hosting;

namespace Pipeline.Workflow.Tests;

/// <summary>A bad setting stops a host at start, naming the setting, before anything is started.</summary>
public sealed class SettingsValidationTests
{
    // 32 bytes, base64: a key the Jwt provider accepts.
    private const string ValidKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    [Theory]
    [InlineData("Pipeline:ApprovalTimeout", "-00:00:01", "Pipeline__ApprovalTimeout")]
    [InlineData("Pipeline:MaxEvaluationTime", "00:00:00", "Pipeline__MaxEvaluationTime")]
    [InlineData("Pipeline:MaxArtifactBytes", "0", "Pipeline__MaxArtifactBytes")]
    [InlineData("Pipeline:FaultPoints", "after-registry-write,before-lunch", "Pipeline__FaultPoints names unknown points (before-lunch)")]
    [InlineData("Pipeline:UploadIntentLifetime", "00:00:00", "Pipeline__UploadIntentLifetime must be a positive duration")]
    [InlineData("Pipeline:UploadIntentLifetime", "1.00:00:01", "Pipeline__UploadIntentLifetime must be at most 1.00:00:00")]
    [InlineData("Pipeline:ProductionCacheTtl", "00:01:00.001", "Pipeline__ProductionCacheTtl must be a duration from 00:00:00 to 00:01:00 (00:00:00 turns the cache off)")]
    [InlineData("Pipeline:ProductionCacheTtl", "-00:00:01", "Pipeline__ProductionCacheTtl")]
    [InlineData("Retention:KeepArchived", "-1", "Retention__KeepArchived")]
    [InlineData("Retention:MaxPurgesPerRun", "0", "Retention__MaxPurgesPerRun")]
    [InlineData("Auth:Provider", "Kerberos", "Auth__Provider")]
    [InlineData("Auth:Provider", "Jwt", "Auth__Jwt__Audience")]
    [InlineData("Auth:Provider", "Development", "Auth__Provider is Development")]
    [InlineData("Events:MaxAttempts", "0", "Events__MaxAttempts")]
    [InlineData("Events:RetryBaseDelay", "00:00:00", "Events__RetryBaseDelay")]
    [InlineData("Events:Webhooks:0:Url", "ftp://example.com/hook", "Events__Webhooks__0__Url")]
    [InlineData("Events:Webhooks:0:Url", "/relative", "Events__Webhooks__0__Url")]
    [InlineData("Events:Webhooks:0:Secret", "hunter2", "Events__Webhooks__0__Secret")]
    [InlineData("Events:Webhooks:0:Secret", "whsec_c2hvcnQ=", "Events__Webhooks__0__Secret")]
    [InlineData("Events:Webhooks:0:Types", "promoted,deployed", "deployed")]
    public async Task FunctionsHostServices_InvalidSetting_FailAtStartNamingIt(string key, string value, string named)
    {
        using var host = BuildHost(key, value);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Events:EventGrid:TopicEndpoint=http://topic.test/api/events", "Events__EventGrid__TopicEndpoint must be an absolute https URL")]
    [InlineData("Events:EventGrid:TopicEndpoint=topic.test/api/events", "Events__EventGrid__TopicEndpoint must be an absolute https URL")]
    [InlineData("Events:EventGrid:TopicEndpoint=/api/events|Events:EventGrid:Key=k", "Events__EventGrid__TopicEndpoint must be an absolute http or https URL")]
    [InlineData("Events:EventGrid:TopicEndpoint=ftp://topic.test/api/events|Events:EventGrid:Key=k", "Events__EventGrid__TopicEndpoint must be an absolute http or https URL")]
    [InlineData("Events:EventGrid:TopicEndpoint=https://topic.test/api/events|Events:EventGrid:Types=promoted,deployed", "Events__EventGrid__Types names unknown event types (deployed)")]
    public async Task FunctionsHostServices_InvalidEventGridSettings_FailAtStartNamingThem(string settings, string expected)
    {
        using var host = BuildHost(Pairs(settings));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Events:EventGrid:TopicEndpoint=https://topic.test/api/events|Events:EventGrid:ClientId=00000000-0000-0000-0000-000000000001|Events:EventGrid:Types=promoted, rolledBack")]
    [InlineData("Events:EventGrid:TopicEndpoint=http://127.0.0.1:1/api/events|Events:EventGrid:Key=k")]
    public async Task FunctionsHostServices_ValidEventGridSettings_StartWithTheTopic(string settings)
    {
        using var host = BuildHost(Pairs(settings));

        await host.StartAsync();

        Assert.True(host.Services.GetRequiredService<IOptions<Events.EventOptions>>().Value.EventGrid.IsConfigured);
        await host.StopAsync();
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("00:00:30", 30)]
    [InlineData("00:00:00", 0)]
    public async Task FunctionsHostServices_ProductionCacheTtl_GivesTheNodesCacheItsBound(string? value, int seconds)
    {
        using var host = BuildHost(value is null ? [] : new Dictionary<string, string?> { ["Pipeline:ProductionCacheTtl"] = value });

        await host.StartAsync();

        Assert.Equal(TimeSpan.FromSeconds(seconds), host.Services.GetRequiredService<Core.Serving.ProductionCache>().Ttl);
        await host.StopAsync();
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
    [InlineData("--Local:WorkItemVisibilityTimeout=00:00:00.500", "Local__WorkItemVisibilityTimeout must be at least one second")]
    [InlineData("--Local:ControlQueueVisibilityTimeout=00:00:00", "Local__ControlQueueVisibilityTimeout must be at least one second")]
    [InlineData("--Pipeline:UploadIntentLifetime=-00:15:00", "Pipeline__UploadIntentLifetime")]
    [InlineData("--Local:AzuriteBlobPort=70000", "Local__AzuriteBlobPort")]
    public async Task LocalRuntime_InvalidSetting_RefusesToStartNamingIt(string argument, string named)
    {
        // Nothing is started first: no Azurite is needed to see the refusal.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => LocalRuntime.StartAsync([argument, "--urls=http://127.0.0.1:0"], CancellationToken.None));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Auth:Provider=Kerberos", "Auth__Provider must be EasyAuth, Jwt, Development; it is 'Kerberos'.")]
    [InlineData("--Auth:Provider=Jwt|--Auth:Jwt:Issuer=https://i.test|--Auth:Jwt:SigningKey=" + ValidKey, "Auth__Jwt__Audience must be set")]
    [InlineData("--Auth:Provider=Jwt|--Auth:Jwt:Audience=api://a", "set Auth__Jwt__Authority")]
    [InlineData("--Auth:Provider=Jwt|--Auth:Jwt:Audience=api://a|--Auth:Jwt:Authority=https://login.test/t/v2.0|--Auth:Jwt:SigningKey=" + ValidKey, "not both")]
    [InlineData("--Auth:Provider=Jwt|--Auth:Jwt:Audience=api://a|--Auth:Jwt:Authority=http://login.test/t/v2.0", "Auth__Jwt__Authority must be an https:// URL")]
    [InlineData("--Auth:Provider=Jwt|--Auth:Jwt:Audience=api://a|--Auth:Jwt:Issuer=https://i.test|--Auth:Jwt:SigningKey=not*base64", "Auth__Jwt__SigningKey must be base64")]
    [InlineData("--Auth:Provider=Jwt|--Auth:Jwt:Audience=api://a|--Auth:Jwt:Issuer=https://i.test|--Auth:Jwt:SigningKey=c2hvcnQ=", "Auth__Jwt__SigningKey must decode to at least 32 bytes")]
    [InlineData("--Auth:Provider=Jwt|--Auth:Jwt:Audience=api://a|--Auth:Jwt:SigningKey=" + ValidKey, "Auth__Jwt__Issuer must be set")]
    [InlineData("--Auth:Provider=Development|--environment=Production", "Auth__Provider is Development")]
    [InlineData("--environment=Staging", "this one is 'Staging'")]
    public async Task LocalRuntime_InvalidAuthSettings_RefusesToStartNamingThem(string arguments, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => LocalRuntime.StartAsync([.. arguments.Split('|'), "--urls=http://127.0.0.1:0"], CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalRuntime_InvalidSigningKey_NeverEchoesIt()
    {
        const string key = "c2VjcmV0LXRvby1zaG9ydA==";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => LocalRuntime.StartAsync(
            ["--Auth:Provider=Jwt", "--Auth:Jwt:Audience=api://a", "--Auth:Jwt:Issuer=https://i.test", $"--Auth:Jwt:SigningKey={key}", "--urls=http://127.0.0.1:0"],
            CancellationToken.None));

        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionsHostServices_ValidSettings_Start()
    {
        using var host = BuildHost("Pipeline:ApprovalTimeout", "3.00:00:00");

        await host.StartAsync();

        Assert.Equal(TimeSpan.FromDays(3), host.Services.GetRequiredService<IOptions<PipelineOptions>>().Value.ApprovalTimeout);
        await host.StopAsync();
    }

    [Fact]
    public async Task FunctionsHostServices_TheLocalSettingsSample_Start()
    {
        // What `func start` reads after copying the sample: every value, empty ones (the unset webhook slot) included.
        var sample = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Testing.AzuriteFixture.RepositoryRoot, "local.settings.sample.json")))!;
        var values = sample["Values"]!.AsObject().ToDictionary(v => v.Key.Replace("__", ":", StringComparison.Ordinal), v => (string?)v.Value!.GetValue<string>());
        values["Auth:Provider"] = "EasyAuth";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var host = new HostBuilder()
            .ConfigureAppConfiguration(builder => builder.AddConfiguration(configuration))
            .ConfigureServices(services => services.AddPipeline(configuration).AddPipelineApi(AuthProvider.EasyAuth))
            .Build();

        await host.StartAsync();

        var events = host.Services.GetRequiredService<IOptions<Events.EventOptions>>().Value;
        Assert.False(Assert.Single(events.Webhooks).IsConfigured);
        Assert.False(events.EventGrid.IsConfigured);
        Assert.Null(events.ApiBase);
        await host.StopAsync();
    }

    private static IHost BuildHost(string key, string value) => BuildHost(new Dictionary<string, string?> { [key] = value });

    // "a:b=1|c=2" as settings.
    private static Dictionary<string, string?> Pairs(string settings) =>
        settings.Split('|').Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => (string?)pair[1]);

    private static IHost BuildHost(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                // Never contacted: the clients connect lazily, and validation comes first.
                ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            })
            .AddInMemoryCollection(settings)
            .Build();
        return new HostBuilder()
            .ConfigureAppConfiguration(builder => builder.AddConfiguration(configuration))
            .ConfigureServices(services => services.AddPipeline(configuration).AddPipelineApi(AuthProvider.EasyAuth))
            .Build();
    }
}
