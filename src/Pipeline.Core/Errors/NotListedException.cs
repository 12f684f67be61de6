namespace Pipeline.Core.Errors;

/// <summary>
/// A caller holds the role an action needs, but the model's policy lists who may do it (its approvers,
/// its owners) and does not list them.
/// </summary>
/// <param name="caller">Who asked.</param>
/// <param name="model">The model.</param>
/// <param name="list">The policy field that lists who may: <c>approval.approvers</c> or <c>owners</c>.</param>
/// <param name="action">What was asked, in words ("approve or reject its versions").</param>
public sealed class NotListedException(string caller, string model, string list, string action)
    : PipelineException($"'{caller}' may not {action} of model '{model}': its policy's '{list}' does not list them.")
{
    /// <summary>The model.</summary>
    public string Model { get; } = model;

    /// <summary>The policy field that lists who may.</summary>
    public string List { get; } = list;
}
