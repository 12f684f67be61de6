using System.Text.Json.Nodes;

namespace Pipeline.Infra.Tests;

internal static class JsonAssert
{
    /// <summary>Asserts a literal value; an ARM expression where a literal is expected fails too.</summary>
    public static void Literal<T>(T expected, JsonNode? node, string what)
    {
        Assert.True(
            node is JsonValue value && value.TryGetValue<T>(out var actual) && EqualityComparer<T>.Default.Equals(actual, expected),
            $"{what}: expected {expected}, found {node?.ToJsonString() ?? "nothing"}.");
    }

    public static string Text(JsonNode? node, string what) =>
        node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new Xunit.Sdk.XunitException($"{what}: expected a string, found {node?.ToJsonString() ?? "nothing"}.");
}
