using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Pipeline.Api.Http;
using Pipeline.Workflow;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddPipeline(builder.Configuration).AddPipelineApi();
builder.Build().Run();
