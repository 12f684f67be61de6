using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipeline.Infra.Tests;

/// <summary>
/// One resource of a compiled ARM template, with the template that declares it. A Bicep module
/// compiles to a Microsoft.Resources/deployments resource whose properties.template is the
/// module's own template, so <see cref="Deployment"/> links a module's resources to the
/// parameters its caller passes.
/// </summary>
internal sealed partial record TemplateResource(JsonObject Node, JsonObject Template, TemplateResource? Deployment)
{
    public string Type => (string?)Node["type"] ?? string.Empty;

    public JsonNode? Properties => Node["properties"];

    /// <summary>The value at a dotted path under the resource, e.g. "properties.siteConfig.appSettings".</summary>
    public JsonNode? At(string path) => ArmTemplate.At(Node, path);

    /// <summary>
    /// An expression with every <c>variables('x')</c> whose value is a string replaced by that
    /// string, so that a literal held in a variable (a role definition id) can be checked.
    /// </summary>
    public string ResolveVariables(string expression) =>
        VariableReference().Replace(expression, match =>
            Template["variables"]?[match.Groups[1].Value] is JsonValue value && value.TryGetValue<string>(out var text)
                ? $"'{text}'"
                : match.Value);

    /// <summary>The value the caller passes to this template's parameter, or null at the root.</summary>
    public JsonNode? ArgumentFor(string parameterName) =>
        Deployment?.Node["properties"]?["parameters"]?[parameterName]?["value"];

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableReference();
}

/// <summary>A compiled main.bicep with every resource of every nested module collected.</summary>
internal sealed partial class ArmTemplate
{
    private ArmTemplate(JsonObject root, IReadOnlyList<TemplateResource> resources)
    {
        Root = root;
        Resources = resources;
    }

    public JsonObject Root { get; }

    public IReadOnlyList<TemplateResource> Resources { get; }

    public static ArmTemplate Parse(string json)
    {
        var root = JsonNode.Parse(json)?.AsObject()
            ?? throw new InvalidOperationException("The compiled template is empty.");
        var resources = new List<TemplateResource>();
        Collect(root, deployment: null, resources);
        return new ArmTemplate(root, resources);
    }

    public IReadOnlyList<TemplateResource> OfType(string type) =>
        Resources.Where(resource => string.Equals(resource.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    public TemplateResource Single(string type)
    {
        var matches = OfType(type);
        Assert.True(matches.Count == 1, $"Expected exactly one {type}, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>The module deployment whose template declares a resource of the given type.</summary>
    public TemplateResource DeploymentOf(string type) =>
        Single(type).Deployment ?? throw new InvalidOperationException($"{type} is not declared in a module.");

    /// <summary>
    /// Follows an argument of the form <c>reference(...'Microsoft.Resources/deployments', 'm'...).outputs.o.value</c>
    /// to the value expression of output o in module m's template.
    /// </summary>
    public string ModuleOutput(string argument)
    {
        var match = ModuleOutputReference().Match(argument);
        Assert.True(match.Success, $"{argument} does not read a module output.");
        var module = OfType("Microsoft.Resources/deployments")
            .Single(deployment => (string?)deployment.Node["name"] == match.Groups["module"].Value);
        return (string?)module.At($"properties.template.outputs.{match.Groups["output"].Value}.value")
            ?? throw new Xunit.Sdk.XunitException($"{argument} reads a module output that does not exist.");
    }

    /// <summary>The app settings of every function app, by name.</summary>
    public IReadOnlyDictionary<string, JsonNode?> AppSettings()
    {
        var settings = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var site in OfType("Microsoft.Web/sites"))
        {
            foreach (var setting in site.At("properties.siteConfig.appSettings")?.AsArray() ?? [])
            {
                settings[(string)setting!["name"]!] = setting["value"];
            }
        }

        // Settings may also be written as a sites/config "appsettings" resource: a name-to-value object.
        foreach (var config in OfType("Microsoft.Web/sites/config"))
        {
            var name = (string?)config.Node["name"] ?? string.Empty;
            if (name.Contains("appsettings", StringComparison.OrdinalIgnoreCase) && config.Properties is JsonObject values)
            {
                foreach (var (key, value) in values)
                {
                    settings[key] = value;
                }
            }
        }

        return settings;
    }

    internal static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var segment in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[segment] : null;
        }

        return node;
    }

    [GeneratedRegex(@"'Microsoft\.Resources/deployments', '(?<module>[^']+)'\), '[^']+'\)\.outputs\.(?<output>\w+)\.value\]$")]
    private static partial Regex ModuleOutputReference();

    private static void Collect(JsonObject template, TemplateResource? deployment, List<TemplateResource> into)
    {
        // Templates with languageVersion 2.0 hold resources in an object keyed by symbolic name.
        var nodes = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject symbolic => symbolic.Select(pair => pair.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var node in nodes)
        {
            var resource = new TemplateResource(node, template, deployment);
            into.Add(resource);
            if (resource.Type == "Microsoft.Resources/deployments" && At(node, "properties.template") is JsonObject nested)
            {
                Collect(nested, resource, into);
            }
        }
    }
}
