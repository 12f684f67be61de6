using Pipeline.Core.Access;
using Pipeline.Core.Errors;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Policies;

/// <summary>Reads and replaces a model's policy; every change is recorded in the model's history.</summary>
public sealed class ModelPolicies(IPolicyStore store, TimeProvider clock)
{
    /// <summary>The model's policy.</summary>
    /// <exception cref="InvalidNameException">The model name is invalid.</exception>
    /// <exception cref="NoPolicyException">The model has no policy.</exception>
    public async Task<ModelPolicy> GetAsync(string model, CancellationToken cancellationToken)
    {
        ModelVersionKey.ValidateModel(model);
        return await store.FindAsync(model, cancellationToken) ?? throw new NoPolicyException(model);
    }

    /// <summary>The model's policy, or <see cref="ModelPolicy.Default"/> when it has none.</summary>
    public async Task<ModelPolicy> GetOrDefaultAsync(string model, CancellationToken cancellationToken) =>
        await store.FindAsync(model, cancellationToken) ?? ModelPolicy.Default;

    /// <summary>
    /// Validates <paramref name="document"/> and, only if every field is valid, replaces the model's policy,
    /// recording in the history which fields changed from the policy it replaces.
    /// </summary>
    /// <exception cref="InvalidNameException">The model name is invalid.</exception>
    /// <exception cref="PolicyValidationException">The document has invalid fields; nothing was saved.</exception>
    /// <exception cref="NotListedException">The current policy lists its owners, and not the caller.</exception>
    /// <remarks>
    /// The owners that count are those of the policy being replaced: a policy may hand the model over to other
    /// owners, but nobody can make themselves an owner of a model whose policy names others.
    /// </remarks>
    public async Task<ModelPolicy> ReplaceAsync(string model, string document, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ModelVersionKey.ValidateModel(model);
        var policy = ModelPolicyParser.Parse(document);
        var before = await store.FindAsync(model, cancellationToken);
        if (!CallerLists.Admits(before?.Owners, caller))
        {
            throw new NotListedException(caller.Name, model, "owners", "change the policy");
        }

        var entry = HistoryEntry.ForPolicyChange(model, clock.GetUtcNow(), caller.Name, Summarize(policy), PolicyChanges.Between(before, policy));
        await store.SaveAsync(model, policy, entry, cancellationToken);
        return policy;
    }

    private static string Summarize(ModelPolicy policy)
    {
        var parts = new List<string>();
        if (policy.Evaluation is { } evaluation)
        {
            parts.Add($"evaluation on '{evaluation.Dataset}' ({evaluation.Task})");
        }

        if (policy.Thresholds is { Count: > 0 } thresholds)
        {
            parts.Add($"thresholds on {string.Join(", ", thresholds.Keys)}");
        }

        if (policy.MaxRegression is { Count: > 0 } regression)
        {
            parts.Add($"regression gates on {string.Join(", ", regression.Keys)}");
        }

        if (policy.Latency is { } latency)
        {
            parts.Add($"p95 latency within {latency.P95Ms} ms");
        }

        if (policy.Retention is not null)
        {
            parts.Add("retention");
        }

        if (policy.Approval is { } approval)
        {
            parts.Add($"{approval.Required} approval{(approval.Required == 1 ? "" : "s")}{(approval.Approvers is { } listed ? $" from {listed.Count} listed approvers" : "")}");
        }

        if (policy.Owners is { } owners)
        {
            parts.Add($"{owners.Count} listed owner{(owners.Count == 1 ? "" : "s")}");
        }

        if (policy.RequireUploadIntent)
        {
            parts.Add("uploads through an upload intent only");
        }

        return parts.Count == 0 ? "Policy set: integrity, load and signature checks only." : $"Policy set: {string.Join("; ", parts)}.";
    }
}
