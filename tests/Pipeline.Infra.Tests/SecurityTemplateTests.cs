namespace Pipeline.Infra.Tests;

public sealed class SecurityTemplateTests(CompiledTemplateFixture compiled) : IClassFixture<CompiledTemplateFixture>
{
    private const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private TemplateResource AuthSettings =>
        compiled.Template.OfType("Microsoft.Web/sites/config")
            .Single(config => ((string?)config.Node["name"] ?? string.Empty).Contains("'authsettingsV2'", StringComparison.Ordinal));

    [Theory]
    [InlineData(StorageBlobDataOwner)]
    [InlineData(StorageQueueDataContributor)]
    [InlineData(StorageTableDataContributor)]
    public void StorageRole_ForAppIdentity_IsAssignedOnStorageAccount(string roleId)
    {
        var assignment = Assert.Single(AssignmentsOf(roleId), IsForAppIdentity);

        Assert.Contains("Microsoft.Storage/storageAccounts", JsonAssert.Text(assignment.Node["scope"], "scope"), StringComparison.Ordinal);
        Assert.Null(assignment.Node["condition"]);
    }

    [Theory]
    [InlineData(StorageBlobDataReader)]
    [InlineData(StorageQueueDataContributor)]
    [InlineData(StorageTableDataContributor)]
    public void StorageRole_ForDeployingUser_IsAssignedOnStorageAccount(string roleId)
    {
        var assignment = Assert.Single(
            AssignmentsOf(roleId),
            candidate => (string?)candidate.At("properties.principalType") == "User");

        Assert.Contains("Microsoft.Storage/storageAccounts", JsonAssert.Text(assignment.Node["scope"], "scope"), StringComparison.Ordinal);
        var principal = JsonAssert.Text(assignment.At("properties.principalId"), "principalId");
        Assert.StartsWith("[parameters('", principal, StringComparison.Ordinal);
        var parameter = principal["[parameters('".Length..^"')]".Length];
        Assert.Equal("[parameters('principalId')]", JsonAssert.Text(assignment.ArgumentFor(parameter), "user principal argument"));
    }

    [Fact]
    public void BlobWriteRoles_ForDeployingUser_AreOnlyOnTheUploadContainers()
    {
        Assert.DoesNotContain(AssignmentsOf(StorageBlobDataOwner), candidate => (string?)candidate.At("properties.principalType") == "User");
        var uploads = Assert.Single(AssignmentsOf(StorageBlobDataContributor));

        Assert.Equal("User", (string?)uploads.At("properties.principalType"));
        Assert.Contains("blobServices/containers", JsonAssert.Text(uploads.Node["scope"], "scope"), StringComparison.Ordinal);
        var writable = uploads.Template["parameters"]?["userWritableContainers"]?["defaultValue"]?.AsArray().Select(n => (string?)n).ToList();
        Assert.Equal(["models", "datasets"], writable);
    }

    [Fact]
    public void MonitoringMetricsPublisher_ForAppIdentity_IsAssignedOnApplicationInsights()
    {
        var assignment = Assert.Single(AssignmentsOf(MonitoringMetricsPublisher), IsForAppIdentity);

        Assert.Contains("Microsoft.Insights/components", JsonAssert.Text(assignment.Node["scope"], "scope"), StringComparison.Ordinal);
    }

    [Fact]
    public void ApplicationInsights_LocalAuth_IsDisabled()
    {
        var component = compiled.Template.Single("Microsoft.Insights/components");

        JsonAssert.Literal(true, component.At("properties.DisableLocalAuth"), "DisableLocalAuth");
        Assert.Contains(
            "Microsoft.OperationalInsights/workspaces",
            JsonAssert.Text(component.At("properties.WorkspaceResourceId"), "WorkspaceResourceId"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void EasyAuth_AnonymousRequest_IsAnswered401()
    {
        JsonAssert.Literal(true, AuthSettings.At("properties.platform.enabled"), "platform.enabled");
        JsonAssert.Literal(true, AuthSettings.At("properties.globalValidation.requireAuthentication"), "requireAuthentication");
        JsonAssert.Literal("Return401", AuthSettings.At("properties.globalValidation.unauthenticatedClientAction"), "unauthenticatedClientAction");
    }

    [Fact]
    public void EasyAuth_EntraProvider_UsesTheAuthParameters()
    {
        var provider = AuthSettings.At("properties.identityProviders.azureActiveDirectory");

        JsonAssert.Literal(true, provider?["enabled"], "azureActiveDirectory.enabled");
        Assert.Equal("[parameters('authClientId')]", JsonAssert.Text(provider?["registration"]?["clientId"], "clientId"));
        Assert.Contains("parameters('authTenantId')", JsonAssert.Text(provider?["registration"]?["openIdIssuer"], "openIdIssuer"), StringComparison.Ordinal);
        Assert.Equal("[parameters('authClientId')]", JsonAssert.Text(AuthSettings.ArgumentFor("authClientId"), "authClientId argument"));
        Assert.Equal("[tenant().tenantId]", JsonAssert.Text(compiled.Template.Root["parameters"]?["authTenantId"]?["defaultValue"], "authTenantId default"));
    }

    [Fact]
    public void EasyAuth_ExcludedPaths_AreOnlyTheBlobWebhookHealthAndTheOpenApiDocument()
    {
        var excluded = AuthSettings.At("properties.globalValidation.excludedPaths")?.AsArray()
            .Select(path => JsonAssert.Text(path, "excluded path"))
            .ToList();

        Assert.Equal(["/runtime/webhooks/blobs", "/api/health", "/api/openapi.json"], excluded);
    }

    [Fact]
    public void EventGrid_SystemTopic_PublishesStorageAccountEvents()
    {
        var topic = compiled.Template.Single("Microsoft.EventGrid/systemTopics");

        JsonAssert.Literal("Microsoft.Storage.StorageAccounts", topic.At("properties.topicType"), "topicType");
        Assert.Contains("Microsoft.Storage/storageAccounts", JsonAssert.Text(topic.At("properties.source"), "source"), StringComparison.Ordinal);
    }

    private List<TemplateResource> AssignmentsOf(string roleId) =>
        compiled.Template.OfType(RoleAssignment)
            .Where(assignment => assignment.ResolveVariables(
                JsonAssert.Text(assignment.At("properties.roleDefinitionId"), "roleDefinitionId")).Contains(roleId, StringComparison.OrdinalIgnoreCase))
            .ToList();

    private static bool IsForAppIdentity(TemplateResource assignment)
    {
        var principal = (string?)assignment.At("properties.principalId") ?? string.Empty;
        return (string?)assignment.At("properties.principalType") == "ServicePrincipal"
            && principal.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", StringComparison.Ordinal)
            && principal.EndsWith(".principalId]", StringComparison.Ordinal);
    }
}
