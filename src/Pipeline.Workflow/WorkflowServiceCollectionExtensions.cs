using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;
using Pipeline.Core.Retention;
using Pipeline.Core.Staging;
using Pipeline.Evaluation.Checks;
using Pipeline.Storage;
using Pipeline.Storage.Tables;
using Pipeline.Workflow.Cleanup;
using Pipeline.Workflow.Activities;
using Pipeline.Workflow.Configuration;
using Pipeline.Workflow.Decisions;
using Pipeline.Workflow.Orchestrators;
using Pipeline.Workflow.Uploads;

namespace Pipeline.Workflow;

/// <summary>Registers the pipeline's services, the same in both hosts.</summary>
public static class WorkflowServiceCollectionExtensions
{
    /// <summary>Adds storage, the lifecycle rules, the staging tests, the activities and the edge services.</summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(Options.Create(PipelineOptions.From(configuration)));
        services.AddPipelineStorage(configuration, SettingNames.Storage);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new StagingOptions { MaxArtifactBytes = sp.GetRequiredService<IOptions<PipelineOptions>>().Value.MaxArtifactBytes });
        services.AddSingleton(sp => new OnnxCheckOptions { MaxEvaluationTime = sp.GetRequiredService<IOptions<PipelineOptions>>().Value.MaxEvaluationTime });
        services.AddSingleton<IStagingCheckSuite, OnnxStagingChecks>();
        services.AddSingleton<StagingTests>();
        services.AddSingleton<VersionRegistration>();
        services.AddSingleton<StagingRounds>();
        services.AddSingleton<ProductionSwitch>();
        services.AddSingleton<ModelQueries>();
        services.AddSingleton<UploadRegistrar>();
        services.AddSingleton<VersionCommands>();
        services.AddSingleton(configuration.GetSection("Retention").Get<RetentionDefaults>() ?? new RetentionDefaults());
        services.AddSingleton<TablePolicyStore>();
        services.AddSingleton<IRetentionPolicySource>(sp => sp.GetRequiredService<TablePolicyStore>());
        services.AddSingleton<IPolicyStore>(sp => sp.GetRequiredService<TablePolicyStore>());
        services.AddSingleton<ModelPolicies>();
        services.AddSingleton<ArchiveCleanup>();
        services.AddSingleton<CleanupRunner>();

        services.AddSingleton<BeginStagingTests>();
        services.AddSingleton<RunStagingTests>();
        services.AddSingleton<PromoteVersion>();
        services.AddSingleton<RejectVersion>();
        services.AddSingleton<ExpireApproval>();
        return services;
    }

    /// <summary>Registers the orchestrator and activities with a Durable Task worker (the local runtime's).</summary>
    public static DurableTaskRegistry AddPipelineTasks(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<ModelVersionOrchestrator>();
        registry.AddActivity<BeginStagingTests>();
        registry.AddActivity<RunStagingTests>();
        registry.AddActivity<PromoteVersion>();
        registry.AddActivity<RejectVersion>();
        registry.AddActivity<ExpireApproval>();
        return registry;
    }
}
