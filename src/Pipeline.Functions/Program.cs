using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Pipeline.Api.Http;
using Pipeline.Api.Identity;
using Pipeline.Api.Telemetry;
using Pipeline.Workflow;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
// Behind App Service Authentication, callers are read from its claims document unless Auth__Provider says otherwise.
builder.Services.AddPipeline(builder.Configuration).AddPipelineApi(AuthProvider.EasyAuth)
    .AddPipelineTelemetry(builder.Configuration, "model-pipeline");
builder.Build().Run();
