using Pipeline.Core.Errors;

namespace Pipeline.Core.Policies;

/// <summary>A policy document is not valid; <see cref="Errors"/> lists every invalid field, not just the first.</summary>
public sealed class PolicyValidationException : PipelineException
{
    /// <summary>Creates the exception for the invalid fields (at least one).</summary>
    public PolicyValidationException(IReadOnlyList<PolicyError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Every invalid field, in document order.</summary>
    public IReadOnlyList<PolicyError> Errors { get; }

    private static string Describe(IReadOnlyList<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A policy validation failure lists at least one error.", nameof(errors));
        }

        var noun = errors.Count == 1 ? "error" : "errors";
        return $"The model policy has {errors.Count} {noun}: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"));
    }
}
