using System.Text.RegularExpressions;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Catalog;

/// <summary>What tags and aliases may be: MLflow's bounds, and the names the pipeline keeps for itself.</summary>
public static partial class CatalogRules
{
    /// <summary>The alias that always names the production version; set by promotions and rollbacks only.</summary>
    public const string ProductionAlias = "champion";

    /// <summary>The prefix of the version tags the pipeline shows itself (<c>pipeline.state</c>, <c>pipeline.label</c>); not settable.</summary>
    public const string SystemTagPrefix = "pipeline.";

    /// <summary>The longest tag key (MLflow's bound).</summary>
    public const int MaxTagKeyLength = 250;

    /// <summary>The longest tag value (MLflow's bound).</summary>
    public const int MaxTagValueLength = 5000;

    /// <summary>The most tags one model or version keeps.</summary>
    public const int MaxTags = 100;

    /// <summary>The longest alias (MLflow's bound).</summary>
    public const int MaxAliasLength = 255;

    /// <summary>The most aliases one model keeps.</summary>
    public const int MaxAliases = 50;

    /// <summary>The longest description.</summary>
    public const int MaxDescriptionLength = 5000;

    /// <summary>Throws unless <paramref name="key"/> and <paramref name="value"/> make a tag an owner may set.</summary>
    /// <exception cref="InvalidRequestException">Empty, too long, or one of the pipeline's own.</exception>
    public static void ValidateTag(string? key, string? value, bool onVersion)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxTagKeyLength)
        {
            throw new InvalidRequestException($"A tag key is 1 to {MaxTagKeyLength} characters; '{key}' is not.");
        }

        if (onVersion && key.StartsWith(SystemTagPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidRequestException($"Tags starting with '{SystemTagPrefix}' are the pipeline's own (its state and label); '{key}' cannot be set or deleted.");
        }

        if (value is null || value.Length > MaxTagValueLength)
        {
            throw new InvalidRequestException($"The value of tag '{key}' is a string of at most {MaxTagValueLength} characters.");
        }
    }

    /// <summary>Throws unless every tag is one an owner may set and they fit under <see cref="MaxTags"/>.</summary>
    public static void ValidateTags(IReadOnlyDictionary<string, string> tags, bool onVersion)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ValidateTagCount(tags.Count);
        foreach (var (key, value) in tags)
        {
            ValidateTag(key, value, onVersion);
        }
    }

    /// <summary>Throws unless the tags fit under <see cref="MaxTags"/>.</summary>
    public static void ValidateTagCount(int count)
    {
        if (count > MaxTags)
        {
            throw new InvalidRequestException($"A model or version keeps at most {MaxTags} tags.");
        }
    }

    /// <summary>Throws unless <paramref name="description"/> fits.</summary>
    public static void ValidateDescription(string? description)
    {
        if (description is { Length: > MaxDescriptionLength })
        {
            throw new InvalidRequestException($"A description has at most {MaxDescriptionLength} characters; this one has {description.Length}.");
        }
    }

    /// <summary>Throws unless <paramref name="alias"/> is a name an owner may give a version.</summary>
    /// <exception cref="InvalidRequestException">Empty, too long, reserved by MLflow (<c>latest</c>, <c>v1</c>…) or the production alias.</exception>
    public static void ValidateAlias(string? alias)
    {
        if (string.IsNullOrWhiteSpace(alias) || alias.Length > MaxAliasLength || !AliasShape().IsMatch(alias))
        {
            throw new InvalidRequestException($"An alias is 1 to {MaxAliasLength} letters, digits, '_' or '-'; '{alias}' is not.");
        }

        if (alias.Equals("latest", StringComparison.OrdinalIgnoreCase) || VersionLike().IsMatch(alias))
        {
            throw new InvalidRequestException($"The alias '{alias}' is reserved by MLflow ('latest' and 'v<number>' name versions already).");
        }

        if (alias.Equals(ProductionAlias, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidRequestException(
                $"The alias '{ProductionAlias}' always names the production version: it moves with each promotion and rollback and cannot be set or deleted by hand.");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex AliasShape();

    [GeneratedRegex(@"^[vV]\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionLike();
}
