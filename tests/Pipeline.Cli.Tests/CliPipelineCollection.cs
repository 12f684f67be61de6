namespace Pipeline.Cli.Tests;

/// <summary>The tests that share the one runtime of <see cref="CliPipelineFixture"/> (and so run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class CliPipelineCollection : ICollectionFixture<CliPipelineFixture>
{
    public const string Name = "CLI against a local runtime";
}
