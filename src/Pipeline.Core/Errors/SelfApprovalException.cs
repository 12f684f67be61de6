namespace Pipeline.Core.Errors;

/// <summary>An approver tried to approve a version they uploaded.</summary>
/// <param name="model">The model.</param>
/// <param name="version">The version.</param>
/// <param name="reason">Why, naming the uploader.</param>
public sealed class SelfApprovalException(string model, string version, string reason) : PipelineException(reason)
{
    /// <summary>The model.</summary>
    public string Model { get; } = model;

    /// <summary>The version.</summary>
    public string Version { get; } = version;
}
