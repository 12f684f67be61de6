using System.Buffers;
using Pipeline.Core.Policies;

namespace Pipeline.Core.Naming;

/// <summary>
/// The naming rules for models, versions and evaluation datasets. Model names and version labels end
/// up as Azure Table keys and blob path segments, so the rules keep them to characters that are safe
/// in both; a dataset name is a blob name that must stay inside its container.
/// </summary>
public static class NamingRules
{
    /// <summary>The longest model name accepted.</summary>
    public const int MaxModelNameLength = 63;

    /// <summary>The longest version label accepted.</summary>
    public const int MaxVersionLabelLength = 64;

    /// <summary>The longest dataset blob name accepted (the Azure Blob Storage limit).</summary>
    public const int MaxDatasetNameLength = 1024;

    private static readonly LabelRule ModelName = new(
        "A model name",
        MaxModelNameLength,
        SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-"),
        "uses only lowercase letters, digits and hyphens",
        name => name[0] == '-' || name[^1] == '-' ? $"A model name must not start or end with a hyphen; '{name}' does." : null);

    private static readonly LabelRule VersionLabel = new(
        "A version label",
        MaxVersionLabelLength,
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"),
        "uses only letters, digits, '.', '_' and '-'",
        label => char.IsAsciiLetterOrDigit(label[0]) ? null : $"A version label starts with a letter or digit; '{label}' does not.");

    /// <summary>Returns why <paramref name="name"/> is not a valid model name, or null when it is.</summary>
    public static string? ExplainInvalidModelName(string? name) => ModelName.Explain(name);

    /// <summary>Returns why <paramref name="label"/> is not a valid version label, or null when it is.</summary>
    public static string? ExplainInvalidVersionLabel(string? label) => VersionLabel.Explain(label);

    /// <summary>Returns why <paramref name="dataset"/> is not a valid dataset blob name, or null when it is.</summary>
    public static string? ExplainInvalidDatasetName(string? dataset)
    {
        if (string.IsNullOrEmpty(dataset))
        {
            return "A dataset name must not be empty.";
        }

        if (dataset.Length > MaxDatasetNameLength)
        {
            return $"A dataset name has at most {MaxDatasetNameLength} characters; this one has {dataset.Length}.";
        }

        if (dataset[0] == '/' || dataset[0] == '\\')
        {
            return $"A dataset is a blob name in the '{EvaluationSpec.DatasetContainer}' container and must not start with '/'; '{dataset}' does.";
        }

        if (dataset[^1] == '/' || dataset[^1] == '\\')
        {
            return $"A dataset name names a blob, not a folder, and must not end with '/'; '{dataset}' does.";
        }

        // Backslashes count as separators too: some tools normalise them to '/', which would turn "a\..\b" into a traversal.
        foreach (var segment in dataset.Split('/', '\\'))
        {
            if (segment == "..")
            {
                return $"A dataset name must not contain '..' segments; '{dataset}' does.";
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="name"/> is a valid model name.</summary>
    public static bool IsValidModelName(string? name) => ExplainInvalidModelName(name) is null;

    /// <summary>Whether <paramref name="label"/> is a valid version label.</summary>
    public static bool IsValidVersionLabel(string? label) => ExplainInvalidVersionLabel(label) is null;

    private static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");

    // Model names and version labels follow the same four rules, in the same order, with their own
    // length, characters and rule for the first (and last) character.
    private sealed record LabelRule(string Noun, int MaxLength, SearchValues<char> Allowed, string AllowedInWords, Func<string, string?> ExplainEnds)
    {
        public string? Explain(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return $"{Noun} must not be empty.";
            }

            if (text.Length > MaxLength)
            {
                return $"{Noun} has at most {MaxLength} characters; '{Shorten(text)}' has {text.Length}.";
            }

            return text.AsSpan().IndexOfAnyExcept(Allowed) >= 0
                ? $"{Noun} {AllowedInWords}; '{Shorten(text)}' does not."
                : ExplainEnds(text);
        }
    }
}
