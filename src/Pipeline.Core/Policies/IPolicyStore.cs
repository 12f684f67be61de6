using Pipeline.Core.Registry;

namespace Pipeline.Core.Policies;

/// <summary>Where each model's policy document is kept.</summary>
public interface IPolicyStore
{
    /// <summary>The model's policy, or null when it has none.</summary>
    Task<ModelPolicy?> FindAsync(string model, CancellationToken cancellationToken);

    /// <summary>Replaces the model's policy and appends the history entry, atomically.</summary>
    Task SaveAsync(string model, ModelPolicy policy, HistoryEntry entry, CancellationToken cancellationToken);
}
