using System.Globalization;
using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Catalog;

/// <summary>
/// What a registry client keeps beside the gate: models created before their first version, descriptions, tags and
/// aliases, versions found by number or alias, and searches that page. Nothing here changes a version's stage; the
/// alias <see cref="CatalogRules.ProductionAlias"/> follows the production pointer and is never stored.
/// </summary>
public sealed class ModelCatalog(IRegistryStore store, TimeProvider clock)
{
    /// <summary>The most items one search page holds.</summary>
    public const int MaxPageSize = 10_000;

    /// <summary>Creates a model with no versions yet.</summary>
    /// <exception cref="ModelExistsException">A model of that name exists.</exception>
    public async Task<RegisteredModel> CreateModelAsync(string name, string? description, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ModelVersionKey.ValidateModel(name);
        CatalogRules.ValidateDescription(description);
        CatalogRules.ValidateTags(tags, onVersion: false);

        var now = clock.GetUtcNow();
        var model = new RegisteredModel { Name = name, CreatedAt = now, UpdatedAt = now, Description = description, Tags = tags };
        return await store.TryAddModelAsync(model, cancellationToken)
            ? await GetModelAsync(name, cancellationToken)
            : throw new ModelExistsException(name);
    }

    /// <summary>One model.</summary>
    /// <exception cref="ModelNotFoundException">No such model.</exception>
    public async Task<RegisteredModel> GetModelAsync(string name, CancellationToken cancellationToken)
    {
        ModelVersionKey.ValidateModel(name);
        return await store.FindModelAsync(name, cancellationToken) ?? throw new ModelNotFoundException(name);
    }

    /// <summary>Sets the model's description (null clears it).</summary>
    public Task<RegisteredModel> DescribeModelAsync(string name, string? description, CancellationToken cancellationToken)
    {
        CatalogRules.ValidateDescription(description);
        return ChangeModelAsync(name, m => m with { Description = description }, cancellationToken);
    }

    /// <summary>Sets one of the model's tags.</summary>
    public Task<RegisteredModel> SetModelTagAsync(string name, string key, string value, CancellationToken cancellationToken)
    {
        CatalogRules.ValidateTag(key, value, onVersion: false);
        return ChangeModelAsync(name, m => m with { Tags = WithTag(m.Tags, key, value) }, cancellationToken);
    }

    /// <summary>Removes one of the model's tags.</summary>
    /// <exception cref="InvalidRequestException">The model has no such tag.</exception>
    public Task<RegisteredModel> DeleteModelTagAsync(string name, string key, CancellationToken cancellationToken) =>
        ChangeModelAsync(name, m => m with { Tags = WithoutTag(m.Tags, key, $"model '{name}'") }, cancellationToken);

    /// <summary>The version with <paramref name="number"/>.</summary>
    /// <exception cref="VersionNotFoundException">No such version.</exception>
    public async Task<ModelVersion> GetVersionAsync(string model, int number, CancellationToken cancellationToken)
    {
        ModelVersionKey.ValidateModel(model);
        return await store.FindVersionByNumberAsync(model, number, cancellationToken)
            ?? throw new VersionNotFoundException(model, number.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Sets the version's description (null clears it).</summary>
    public Task<ModelVersion> DescribeVersionAsync(string model, int number, string? description, CancellationToken cancellationToken)
    {
        CatalogRules.ValidateDescription(description);
        return ChangeVersionAsync(model, number, v => v with { Description = description }, cancellationToken);
    }

    /// <summary>Sets one of the version's tags.</summary>
    public Task<ModelVersion> SetVersionTagAsync(string model, int number, string key, string value, CancellationToken cancellationToken)
    {
        CatalogRules.ValidateTag(key, value, onVersion: true);
        return ChangeVersionAsync(model, number, v => v with { Tags = WithTag(v.Tags, key, value) }, cancellationToken);
    }

    /// <summary>Removes one of the version's tags.</summary>
    /// <exception cref="InvalidRequestException">The version has no such tag.</exception>
    public Task<ModelVersion> DeleteVersionTagAsync(string model, int number, string key, CancellationToken cancellationToken)
    {
        CatalogRules.ValidateTag(key, string.Empty, onVersion: true);
        return ChangeVersionAsync(model, number, v => v with { Tags = WithoutTag(v.Tags, key, $"version {number} of model '{model}'") }, cancellationToken);
    }

    /// <summary>Points <paramref name="alias"/> at the version with <paramref name="number"/> (moving it when it named another).</summary>
    /// <exception cref="VersionNotFoundException">No such version.</exception>
    public async Task<RegisteredModel> SetAliasAsync(string model, string alias, int number, CancellationToken cancellationToken)
    {
        CatalogRules.ValidateAlias(alias);
        await GetVersionAsync(model, number, cancellationToken);
        return await ChangeModelAsync(model, m =>
        {
            var aliases = new Dictionary<string, int>(m.Aliases, StringComparer.Ordinal) { [alias] = number };
            return aliases.Count <= CatalogRules.MaxAliases
                ? m with { Aliases = aliases }
                : throw new InvalidRequestException($"A model keeps at most {CatalogRules.MaxAliases} aliases.");
        }, cancellationToken);
    }

    /// <summary>Removes <paramref name="alias"/>.</summary>
    /// <exception cref="InvalidRequestException">The production alias, which cannot be deleted.</exception>
    /// <exception cref="AliasNotFoundException">The model has no such alias.</exception>
    public Task<RegisteredModel> DeleteAliasAsync(string model, string alias, CancellationToken cancellationToken)
    {
        CatalogRules.ValidateAlias(alias);
        return ChangeModelAsync(model, m =>
        {
            if (!m.Aliases.ContainsKey(alias))
            {
                throw new AliasNotFoundException(model, alias);
            }

            return m with { Aliases = m.Aliases.Where(a => a.Key != alias).ToDictionary(StringComparer.Ordinal) };
        }, cancellationToken);
    }

    /// <summary>The version <paramref name="alias"/> names: for <see cref="CatalogRules.ProductionAlias"/>, the production version.</summary>
    /// <exception cref="AliasNotFoundException">No version has that alias.</exception>
    public async Task<ModelVersion> GetByAliasAsync(string model, string alias, CancellationToken cancellationToken)
    {
        var found = await GetModelAsync(model, cancellationToken);
        if (alias.Equals(CatalogRules.ProductionAlias, StringComparison.OrdinalIgnoreCase))
        {
            return await FindProductionVersionAsync(found, cancellationToken) ?? throw new AliasNotFoundException(model, alias);
        }

        return found.Aliases.TryGetValue(alias, out var number)
            ? await GetVersionAsync(model, number, cancellationToken)
            : throw new AliasNotFoundException(model, alias);
    }

    /// <summary>The model's production version, by the label its pointer holds (one point read), or null when it has none.</summary>
    public async Task<ModelVersion?> FindProductionVersionAsync(RegisteredModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Production is { } production ? await store.FindVersionAsync(model.Name, production.Version, cancellationToken) : null;
    }

    /// <summary>The aliases naming <paramref name="version"/>, the production alias first when it is production.</summary>
    public static IReadOnlyList<string> AliasesOf(RegisteredModel model, ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(version);
        var aliases = model.Aliases.Where(a => a.Value == version.Number).Select(a => a.Key).Order(StringComparer.Ordinal);
        return model.Production?.Version == version.Version ? [CatalogRules.ProductionAlias, .. aliases] : [.. aliases];
    }

    /// <summary>Models matching <paramref name="filter"/>, by name, <paramref name="pageSize"/> at a time.</summary>
    public async Task<CatalogPage<RegisteredModel>> SearchModelsAsync(CatalogFilter filter, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var after = PageTokens.Read(pageToken);
        IReadOnlyList<RegisteredModel> candidates = filter.ExactName is { } name
            ? await store.FindModelAsync(name, cancellationToken) is { } one ? [one] : []
            : await store.ListModelsAsync(cancellationToken);
        var matching = candidates
            .Where(m => after is null || string.CompareOrdinal(m.Name, after) > 0)
            .Where(m => filter.Matches(key => key == "name" ? m.Name : m.Tags.GetValueOrDefault(key["tag.".Length..])))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        return Page(matching, pageSize, m => m.Name);
    }

    /// <summary>Versions matching <paramref name="filter"/>, by model name and then newest number first, <paramref name="pageSize"/> at a time.</summary>
    public async Task<CatalogPage<ModelVersion>> SearchVersionsAsync(CatalogFilter filter, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var after = PageTokens.Read(pageToken) is { } position ? ReadVersionPosition(position) : default((string Model, int Number)?);
        IEnumerable<string> models = filter.ExactName is { } name
            ? [name]
            : (await store.ListModelsAsync(cancellationToken)).Select(m => m.Name).Order(StringComparer.Ordinal);
        var matching = new List<ModelVersion>();
        foreach (var model in models)
        {
            if (after is { } start && string.CompareOrdinal(model, start.Model) < 0)
            {
                continue;
            }

            var versions = (await store.ListVersionsAsync(model, cancellationToken))
                .Where(v => v.Number > 0)
                .Where(v => after is not { } start || model != start.Model || v.Number < start.Number)
                .Where(v => filter.Matches(key => Attribute(v, key)))
                .OrderByDescending(v => v.Number);
            matching.AddRange(versions);
            if (matching.Count > pageSize)
            {
                break;
            }
        }

        return Page(matching.Take(pageSize + 1).ToList(), pageSize, v => $"{v.Number.ToString(CultureInfo.InvariantCulture)}:{v.Model}");
    }

    /// <summary>For each of <paramref name="stages"/> (every stage when empty), the model's newest version in it.</summary>
    public async Task<IReadOnlyList<ModelVersion>> LatestVersionsAsync(string model, IReadOnlyCollection<Stage> stages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stages);
        await GetModelAsync(model, cancellationToken);
        var versions = await store.ListVersionsAsync(model, cancellationToken);
        return [.. versions
            .Where(v => v.Number > 0 && (stages.Count == 0 || stages.Contains(v.Stage)))
            .GroupBy(v => v.Stage)
            .Select(g => g.MaxBy(v => v.Number)!)
            .OrderBy(v => v.Number)];
    }

    /// <summary>The value a version has for a filter key, or null.</summary>
    public static string? Attribute(ModelVersion version, string key)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(key);
        return key switch
        {
            "name" => version.Model,
            "version_number" => version.Number.ToString(CultureInfo.InvariantCulture),
            "run_id" => version.Metadata.GetValueOrDefault(Sources.SourceMetadata.RunId),
            "source_path" => version.Metadata.GetValueOrDefault(Sources.SourceMetadata.Source) ?? version.ArtifactPath,
            _ when key.StartsWith("tag.", StringComparison.Ordinal) => version.Tags.GetValueOrDefault(key["tag.".Length..]),
            _ => null,
        };
    }

    private static CatalogPage<T> Page<T>(List<T> matching, int pageSize, Func<T, string> position)
    {
        if (matching.Count <= pageSize)
        {
            return new CatalogPage<T>(matching, null);
        }

        var page = matching.Take(pageSize).ToList();
        return new CatalogPage<T>(page, PageTokens.Write(position(page[^1])));
    }

    // "<number>:<model>": the number first, so that whatever the model name holds, the first ':' ends the number.
    private static (string Model, int Number) ReadVersionPosition(string position)
    {
        var colon = position.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(position.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? (position[(colon + 1)..], number)
            : throw new InvalidRequestException("Invalid page_token: pass the next_page_token of the previous page unchanged.");
    }

    private static Dictionary<string, string> WithTag(IReadOnlyDictionary<string, string> tags, string key, string value)
    {
        var changed = new Dictionary<string, string>(tags, StringComparer.Ordinal) { [key] = value };
        CatalogRules.ValidateTagCount(changed.Count);
        return changed;
    }

    private static Dictionary<string, string> WithoutTag(IReadOnlyDictionary<string, string> tags, string key, string owner) =>
        tags.ContainsKey(key)
            ? tags.Where(t => t.Key != key).ToDictionary(StringComparer.Ordinal)
            : throw new TagNotFoundException(owner, key);

    private Task<RegisteredModel> ChangeModelAsync(string name, Func<RegisteredModel, RegisteredModel> change, CancellationToken cancellationToken) =>
        GuardedWrites.RetryAsync<RegisteredModel>(async _ =>
        {
            var current = await GetModelAsync(name, cancellationToken);
            return await store.SaveModelAsync(change(current) with { UpdatedAt = clock.GetUtcNow() }, cancellationToken);
        }, cancellationToken);

    private Task<ModelVersion> ChangeVersionAsync(string model, int number, Func<ModelVersion, ModelVersion> change, CancellationToken cancellationToken) =>
        GuardedWrites.RetryAsync<ModelVersion>(async _ =>
        {
            var current = await GetVersionAsync(model, number, cancellationToken);
            return await store.SaveVersionAsync(change(current) with { UpdatedAt = clock.GetUtcNow() }, cancellationToken);
        }, cancellationToken);
}
