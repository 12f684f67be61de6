using Pipeline.Core.Errors;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Serving;

/// <summary>
/// A serving lookup's answer: the model's production pointer as storage held it at <see cref="ReadAt"/> (or that the
/// model has none, or does not exist), and whether it came from the node's memory.
/// </summary>
/// <param name="Model">The model asked for.</param>
/// <param name="Pointer">What to serve; null when the model has no production version or does not exist.</param>
/// <param name="ModelExists">False when there is no such model.</param>
/// <param name="ReadAt">When the storage read behind this answer began: the answer is no older than that.</param>
/// <param name="Age">How long before the answer was given its read began (zero when read for this request).</param>
/// <param name="FromCache">True when the answer was kept from an earlier read (or shared with a concurrent one).</param>
/// <param name="Ttl">The node's staleness bound (zero when it keeps nothing).</param>
public sealed record ServedProduction(
    string Model, ProductionPointer? Pointer, bool ModelExists, DateTimeOffset ReadAt, TimeSpan Age, bool FromCache, TimeSpan Ttl)
{
    /// <summary>The pointer to serve.</summary>
    /// <exception cref="ModelNotFoundException">No such model.</exception>
    /// <exception cref="NoProductionVersionException">The model has no production version.</exception>
    public ProductionPointer Require() => Pointer ?? throw Missing()!;

    /// <summary>Why there is nothing to serve (no such model, or no production version), or null when there is a pointer.</summary>
    public PipelineException? Missing()
    {
        if (Pointer is not null)
        {
            return null;
        }

        return ModelExists ? new NoProductionVersionException(Model) : new ModelNotFoundException(Model);
    }
}
