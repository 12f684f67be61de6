namespace Pipeline.Infra.Tests;

/// <summary>
/// The optional Event Grid custom topic: with <c>eventGridTopicName</c> set, the topic (CloudEvents schema, no
/// keys), the app identity's EventGrid Data Sender role on it and the app settings naming it are deployed;
/// without it, none of them (the module's condition is false and the settings are empty, which the app reads as no topic).
/// </summary>
public sealed class EventGridTopicTemplateTests(CompiledTemplateFixture compiled) : IClassFixture<CompiledTemplateFixture>
{
    private const string EventGridDataSender = "d5a91429-5739-47e2-a06b-3470a27159e7";
    private const string WhenNamed = "[not(empty(parameters('eventGridTopicName')))]";

    private TemplateResource Topic => compiled.Template.Single("Microsoft.EventGrid/topics");

    private TemplateResource Site => compiled.Template.Single("Microsoft.Web/sites");

    [Fact]
    public void EventGridTopicName_ByDefault_IsEmpty()
    {
        JsonAssert.Literal(string.Empty, compiled.Template.Root["parameters"]?["eventGridTopicName"]?["defaultValue"], "eventGridTopicName default");
    }

    [Fact]
    public void Topic_OnlyWithTheParameter_IsDeployed()
    {
        var module = Topic.Deployment ?? throw new Xunit.Sdk.XunitException("The topic is not in a module.");

        Assert.Equal(WhenNamed, JsonAssert.Text(module.Node["condition"], "the topic module's condition"));
        Assert.Equal("[parameters('name')]", JsonAssert.Text(Topic.Node["name"], "topic name"));
        Assert.Equal("[parameters('eventGridTopicName')]", JsonAssert.Text(Topic.ArgumentFor("name"), "topic name argument"));
    }

    [Fact]
    public void Topic_Schema_IsCloudEventsWithLocalAuthDisabled()
    {
        JsonAssert.Literal("CloudEventSchemaV1_0", Topic.At("properties.inputSchema"), "inputSchema");
        JsonAssert.Literal(true, Topic.At("properties.disableLocalAuth"), "disableLocalAuth");
    }

    [Fact]
    public void DataSenderRole_ForAppIdentity_IsOnTheTopicOnlyWithTheParameter()
    {
        var assignments = compiled.Template.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => a.ResolveVariables(JsonAssert.Text(a.At("properties.roleDefinitionId"), "roleDefinitionId")).Contains(EventGridDataSender, StringComparison.OrdinalIgnoreCase))
            .ToList();

        var sender = Assert.Single(assignments);
        Assert.Same(Topic.Deployment, sender.Deployment);
        Assert.Contains("Microsoft.EventGrid/topics", JsonAssert.Text(sender.Node["scope"], "scope"), StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", (string?)sender.At("properties.principalType"));
        Assert.Equal("[parameters('senderPrincipalId')]", JsonAssert.Text(sender.At("properties.principalId"), "principalId"));
        var principal = compiled.Template.ModuleOutput(JsonAssert.Text(sender.ArgumentFor("senderPrincipalId"), "senderPrincipalId argument"));
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", principal, StringComparison.Ordinal);
        Assert.EndsWith(".principalId]", principal, StringComparison.Ordinal);
    }

    [Fact]
    public void TopicEndpointSetting_WithTheParameter_IsTheTopicsEndpointAndEmptyWithout()
    {
        Assert.Equal("[parameters('eventGridTopicEndpoint')]", JsonAssert.Text(compiled.Template.AppSettings()["Events__EventGrid__TopicEndpoint"], "Events__EventGrid__TopicEndpoint"));
        var argument = JsonAssert.Text(Site.ArgumentFor("eventGridTopicEndpoint"), "eventGridTopicEndpoint argument");

        // The topic module's output when it is deployed, and '' when it is not.
        Assert.StartsWith($"[coalesce(tryGet(if({WhenNamed[1..^1]}, reference(", argument, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Resources/deployments', 'eventgridtopic')", argument, StringComparison.Ordinal);
        Assert.EndsWith("'outputs', 'endpoint', 'value'), '')]", argument, StringComparison.Ordinal);
        Assert.Equal("[reference(resourceId('Microsoft.EventGrid/topics', parameters('name')), '2025-02-15').endpoint]",
            JsonAssert.Text(Topic.Template["outputs"]?["endpoint"]?["value"], "endpoint output"));
    }

    [Fact]
    public void ClientIdSetting_WithATopic_IsTheAppIdentityAndEmptyWithout()
    {
        Assert.Equal(
            "[if(empty(parameters('eventGridTopicEndpoint')), '', parameters('identityClientId'))]",
            JsonAssert.Text(compiled.Template.AppSettings()["Events__EventGrid__ClientId"], "Events__EventGrid__ClientId"));
        // The same identity storage is reached by.
        Assert.Equal("[parameters('identityClientId')]", JsonAssert.Text(compiled.Template.AppSettings()["AzureWebJobsStorage__clientId"], "AzureWebJobsStorage__clientId"));
    }
}
