using Pipeline.Core.Policies;

namespace Pipeline.Core.Retention;

/// <summary>Where a model's own retention settings come from (its policy document).</summary>
public interface IRetentionPolicySource
{
    /// <summary>The model's retention section, or null when it has none.</summary>
    Task<RetentionPolicy?> GetRetentionAsync(string model, CancellationToken cancellationToken);
}
