namespace Pipeline.Evaluation.Tests.Checks;

/// <summary>Runs the poisonous-artifact cases alone, after the parallel tests, so that each one's memory figures are its own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PoisonousArtifactCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Poisonous artifacts";
}
