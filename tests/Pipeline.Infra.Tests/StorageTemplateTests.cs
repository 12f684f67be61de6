using System.Text.Json.Nodes;

namespace Pipeline.Infra.Tests;

public sealed class StorageTemplateTests(CompiledTemplateFixture compiled) : IClassFixture<CompiledTemplateFixture>
{
    private const string StorageAccount = "Microsoft.Storage/storageAccounts";

    private TemplateResource Account =>
        compiled.Template.OfType(StorageAccount).Single(resource => resource.Node["existing"] is null);

    [Fact]
    public void StorageAccount_SharedKeyAccess_IsDisabled()
    {
        JsonAssert.Literal(false, Account.At("properties.allowSharedKeyAccess"), "allowSharedKeyAccess");
    }

    [Fact]
    public void StorageAccount_MinimumTlsVersion_IsTls12()
    {
        JsonAssert.Literal("TLS1_2", Account.At("properties.minimumTlsVersion"), "minimumTlsVersion");
    }

    [Fact]
    public void StorageAccount_BlobPublicAccess_IsDisabled()
    {
        JsonAssert.Literal(false, Account.At("properties.allowBlobPublicAccess"), "allowBlobPublicAccess");
    }

    [Fact]
    public void StorageAccount_HttpTraffic_IsRefused()
    {
        JsonAssert.Literal(true, Account.At("properties.supportsHttpsTrafficOnly"), "supportsHttpsTrafficOnly");
    }

    [Fact]
    public void BlobContainers_PipelineData_AreModelsDatasetsAndReports()
    {
        var containers = compiled.Template.Single("Microsoft.Storage/storageAccounts/blobServices/containers");
        var loop = JsonAssert.Text(containers.At("copy.count"), "container loop");
        Assert.Contains("parameters('deploymentContainerName')", loop, StringComparison.Ordinal);
        Assert.Contains("parameters('dataContainerNames')", loop, StringComparison.Ordinal);
        JsonAssert.Literal("None", containers.At("properties.publicAccess"), "container publicAccess");

        var names = Resolve(containers.ArgumentFor("dataContainerNames"), compiled.Template.Root);

        Assert.Equal(["models", "datasets", "reports", "vault"], names);
        Assert.NotEmpty(Resolve(containers.ArgumentFor("deploymentContainerName"), compiled.Template.Root));
    }

    // Follows "[variables('x')]" references in main.bicep's template down to literal names.
    private static List<string> Resolve(JsonNode? node, JsonObject template) => node switch
    {
        JsonArray array => array.SelectMany(item => Resolve(item, template)).ToList(),
        JsonValue value when value.TryGetValue<string>(out var text) && text.StartsWith("[variables('", StringComparison.Ordinal) =>
            Resolve(template["variables"]?[text["[variables('".Length..^"')]".Length]], template),
        JsonValue value when value.TryGetValue<string>(out var text) && !text.StartsWith('[') => [text],
        _ => throw new Xunit.Sdk.XunitException($"Cannot resolve {node?.ToJsonString() ?? "nothing"} to names."),
    };
}
