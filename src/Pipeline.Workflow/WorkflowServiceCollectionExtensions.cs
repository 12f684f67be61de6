using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipeline.Core.Approvals;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;
using Pipeline.Core.Retention;
using Pipeline.Core.Staging;
using Pipeline.Core.Uploads;
using Pipeline.Evaluation.Checks;
using Pipeline.Storage;
using Pipeline.Storage.Tables;
using Pipeline.Workflow.Cleanup;
using Pipeline.Workflow.Configuration;
using Pipeline.Workflow.Decisions;
using Pipeline.Workflow.Events;
using Pipeline.Workflow.Orchestrators;
using Pipeline.Workflow.Uploads;

namespace Pipeline.Workflow;

/// <summary>Registers the pipeline's services, the same in both hosts.</summary>
public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Adds the validated settings, storage, the lifecycle rules, the staging tests and the edge
    /// services. The workflow's tasks are listed in <see cref="WorkflowTasks"/> and created per call.
    /// </summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PipelineOptions, PipelineOptionsValidator>(PipelineOptions.Section);
        services.AddValidatedOptions<RetentionDefaults, RetentionDefaultsValidator>("Retention");
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RetentionDefaults>>().Value);
        services.AddSingleton(sp => new StagingOptions { MaxArtifactBytes = Pipeline(sp).MaxArtifactBytes });
        services.AddSingleton(sp => new OnnxCheckOptions { MaxEvaluationTime = Pipeline(sp).MaxEvaluationTime });
        services.AddSingleton(sp => new UploadIntentOptions { Lifetime = Pipeline(sp).UploadIntentLifetime });
        services.AddSingleton(sp => new Core.Diagnostics.FaultPoints(Pipeline(sp).FaultPoints));

        services.AddPipelineStorage(configuration, SettingNames.Storage);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IStagingCheckSuite, OnnxStagingChecks>();
        services.AddSingleton(_ => new KeptCopies());
        services.AddSingleton(_ => new RecentVersions());
        services.AddSingleton<StagingTests>();
        services.AddSingleton<UploadVerification>();
        services.AddSingleton<UploadIntents>();
        services.AddSingleton<VersionRegistration>();
        services.AddSingleton<StagingRounds>();
        services.AddSingleton<VersionDecisions>();
        // One per node (the process), shared by the serving lookup and the production switch that invalidates it.
        services.AddSingleton(sp => new Core.Serving.ProductionCache(
            new Core.Serving.ProductionCacheOptions { Ttl = Pipeline(sp).ProductionCacheTtl }, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ProductionSwitch>();
        services.AddSingleton<ModelQueries>();
        services.AddSingleton<ApprovalInbox>();
        services.AddSingleton<ModelVersionRounds>();
        services.AddSingleton<UploadRegistrar>();
        services.AddSingleton<Core.Sources.SourceResolver>();
        services.AddSingleton<Registration.SourceRegistrar>();
        services.AddSingleton<VersionCommands>();
        services.AddSingleton<StageTransitions>();
        services.AddSingleton<TransitionRequests>();
        services.AddSingleton<Core.Catalog.ModelCatalog>();
        services.AddSingleton<TablePolicyStore>();
        services.AddSingleton<IRetentionPolicySource>(sp => sp.GetRequiredService<TablePolicyStore>());
        services.AddSingleton<IPolicyStore>(sp => sp.GetRequiredService<TablePolicyStore>());
        services.AddSingleton<ModelPolicies>();
        services.AddSingleton<ArchiveCleanup>();
        services.AddSingleton<CleanupRunner>();

        services.AddValidatedOptions<EventOptions, EventOptionsValidator>(EventOptions.Section);
        services.AddSingleton(sp => new WebhookSender(new HttpClient(), sp.GetRequiredService<IOptions<EventOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<EventGridSender>();
        services.AddSingleton<EventDispatcher>();
        services.AddSingleton<Core.Events.IEventSubscribers, ConfiguredEventSubscribers>();
        return services;
    }

    private static PipelineOptions Pipeline(IServiceProvider services) => services.GetRequiredService<IOptions<PipelineOptions>>().Value;
}
