using System.Text.Json.Nodes;

namespace Pipeline.Infra.Tests;

public sealed class FunctionAppTemplateTests(CompiledTemplateFixture compiled) : IClassFixture<CompiledTemplateFixture>
{
    private TemplateResource Site => compiled.Template.Single("Microsoft.Web/sites");

    private IReadOnlyDictionary<string, JsonNode?> Settings => compiled.Template.AppSettings();

    [Fact]
    public void Plan_Sku_IsFlexConsumptionFC1()
    {
        var plan = compiled.Template.Single("Microsoft.Web/serverfarms");

        JsonAssert.Literal("FC1", plan.At("sku.name"), "plan sku.name");
        JsonAssert.Literal("FlexConsumption", plan.At("sku.tier"), "plan sku.tier");
    }

    [Fact]
    public void FunctionApp_Runtime_IsDotnetIsolated10()
    {
        JsonAssert.Literal("dotnet-isolated", Site.At("properties.functionAppConfig.runtime.name"), "runtime.name");
        JsonAssert.Literal("10.0", Site.At("properties.functionAppConfig.runtime.version"), "runtime.version");
    }

    [Fact]
    public void FunctionApp_HttpsOnly_IsTrue()
    {
        JsonAssert.Literal(true, Site.At("properties.httpsOnly"), "httpsOnly");
    }

    [Theory]
    [InlineData("instanceMemoryMB", 2048)]
    [InlineData("maximumInstanceCount", 100)]
    public void FunctionApp_ScaleSetting_IsMainParameterWithDefault(string parameter, int defaultValue)
    {
        var bound = JsonAssert.Text(Site.At($"properties.functionAppConfig.scaleAndConcurrency.{parameter}"), parameter);
        Assert.Equal($"[parameters('{parameter}')]", bound);
        Assert.Equal($"[parameters('{parameter}')]", JsonAssert.Text(Site.ArgumentFor(parameter), parameter));
        JsonAssert.Literal(defaultValue, compiled.Template.Root["parameters"]?[parameter]?["defaultValue"], $"{parameter} default");
    }

    [Fact]
    public void FunctionApp_DeploymentPackage_IsReachedByUserAssignedIdentity()
    {
        var storage = Site.At("properties.functionAppConfig.deployment.storage");

        JsonAssert.Literal("blobContainer", storage?["type"], "deployment storage type");
        JsonAssert.Literal("UserAssignedIdentity", storage?["authentication"]?["type"], "deployment storage authentication");
        Assert.Equal(
            "[parameters('identityId')]",
            JsonAssert.Text(storage?["authentication"]?["userAssignedIdentityResourceId"], "deployment identity"));
    }

    [Fact]
    public void FunctionApp_Identity_IsTheUserAssignedIdentity()
    {
        JsonAssert.Literal("UserAssigned", Site.At("identity.type"), "identity.type");
        var identities = Site.At("identity.userAssignedIdentities")?.AsObject();
        Assert.NotNull(identities);
        Assert.Equal("[format('{0}', parameters('identityId'))]", Assert.Single(identities).Key);
        Assert.StartsWith(
            "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities',",
            compiled.Template.ModuleOutput(JsonAssert.Text(Site.ArgumentFor("identityId"), "identityId argument")),
            StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionApp_AppSettings_HoldNoConnectionStringOrKey()
    {
        string[] secretMarkers = ["AccountKey=", "DefaultEndpointsProtocol", "SharedAccessSignature", "listKeys(", "InstrumentationKey="];

        var leaks = Settings
            .Where(setting => secretMarkers.Any(marker =>
                (setting.Value?.ToJsonString() ?? string.Empty).Contains(marker, StringComparison.OrdinalIgnoreCase)))
            .Select(setting => setting.Key)
            .ToList();

        Assert.True(leaks.Count == 0, $"Settings carrying a key or connection string: {string.Join(", ", leaks)}");
        Assert.False(Settings.ContainsKey("AzureWebJobsStorage"), "AzureWebJobsStorage must not be a plain connection string.");
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__blobServiceUri", "primaryEndpoints.blob")]
    [InlineData("AzureWebJobsStorage__queueServiceUri", "primaryEndpoints.queue")]
    [InlineData("AzureWebJobsStorage__tableServiceUri", "primaryEndpoints.table")]
    public void FunctionApp_StorageServiceUri_IsTheAccountEndpoint(string setting, string endpoint)
    {
        Assert.True(Settings.TryGetValue(setting, out var value), $"{setting} is not set.");
        var expression = JsonAssert.Text(value, setting);
        Assert.Contains("Microsoft.Storage/storageAccounts", expression, StringComparison.Ordinal);
        Assert.EndsWith($"{endpoint}]", expression, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionApp_StorageCredential_IsTheUserAssignedIdentity()
    {
        JsonAssert.Literal("managedidentity", Settings.GetValueOrDefault("AzureWebJobsStorage__credential"), "AzureWebJobsStorage__credential");
        Assert.Equal(
            "[parameters('identityClientId')]",
            JsonAssert.Text(Settings.GetValueOrDefault("AzureWebJobsStorage__clientId"), "AzureWebJobsStorage__clientId"));
        var clientId = compiled.Template.ModuleOutput(JsonAssert.Text(Site.ArgumentFor("identityClientId"), "identityClientId argument"));
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", clientId, StringComparison.Ordinal);
        Assert.EndsWith(".clientId]", clientId, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionApp_TelemetrySettings_AuthenticateWithIdentity()
    {
        Assert.True(Settings.ContainsKey("APPLICATIONINSIGHTS_CONNECTION_STRING"), "APPLICATIONINSIGHTS_CONNECTION_STRING is not set.");
        var authentication = JsonAssert.Text(
            Settings.GetValueOrDefault("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"),
            "APPLICATIONINSIGHTS_AUTHENTICATION_STRING");

        Assert.Contains("ClientId=", authentication, StringComparison.Ordinal);
        Assert.Contains("parameters('identityClientId')", authentication, StringComparison.Ordinal);
        Assert.Contains("Authorization=AAD", authentication, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_WORKER_RUNTIME_VERSION")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    public void FunctionApp_OnFlexConsumption_OmitsUnsupportedSetting(string setting)
    {
        Assert.False(Settings.ContainsKey(setting), $"{setting} is not allowed on Flex Consumption.");
    }
}
