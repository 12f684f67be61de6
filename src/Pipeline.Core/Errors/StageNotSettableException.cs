namespace Pipeline.Core.Errors;

/// <summary>A stage asked for by hand that only the pipeline itself sets (a version is archived by the next promotion or by a rollback).</summary>
public sealed class StageNotSettableException(string model, string version, string explanation)
    : PipelineException(explanation)
{
    /// <summary>The model.</summary>
    public string Model { get; } = model;

    /// <summary>The version.</summary>
    public string Version { get; } = version;
}
