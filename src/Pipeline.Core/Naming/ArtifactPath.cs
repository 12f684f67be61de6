using Pipeline.Core.Errors;

namespace Pipeline.Core.Naming;

/// <summary>
/// The path of an uploaded artifact inside the models container: <c>{model}/{version}/{file}</c>.
/// </summary>
/// <param name="Key">The model version the artifact belongs to.</param>
/// <param name="FileName">The artifact's file name within the version folder.</param>
public sealed record ArtifactPath(ModelVersionKey Key, string FileName)
{
    /// <summary>The longest file name accepted.</summary>
    public const int MaxFileNameLength = 255;

    /// <summary>The blob name this path stands for.</summary>
    public string BlobName => $"{Key.Model}/{Key.Version}/{FileName}";

    /// <summary>Parses a blob name, or throws with the reason it breaks the naming rules.</summary>
    /// <exception cref="InvalidUploadPathException">The path is not <c>{model}/{version}/{file}</c> with valid parts.</exception>
    public static ArtifactPath Parse(string? blobName)
    {
        if (string.IsNullOrEmpty(blobName))
        {
            throw new InvalidUploadPathException(blobName ?? string.Empty, "The blob name is empty.");
        }

        var parts = blobName.Split('/');
        if (parts.Length != 3)
        {
            throw new InvalidUploadPathException(
                blobName,
                $"An artifact is uploaded as {{model}}/{{version}}/{{file}}; '{blobName}' has {parts.Length} path segment(s).");
        }

        var modelError = NamingRules.ExplainInvalidModelName(parts[0]);
        if (modelError is not null)
        {
            throw new InvalidUploadPathException(blobName, modelError);
        }

        var versionError = NamingRules.ExplainInvalidVersionLabel(parts[1]);
        if (versionError is not null)
        {
            throw new InvalidUploadPathException(blobName, versionError);
        }

        var file = parts[2];
        if (file.Length == 0 || file.Length > MaxFileNameLength || file.Any(char.IsControl) || file is "." or "..")
        {
            throw new InvalidUploadPathException(
                blobName,
                $"The file name must be 1 to {MaxFileNameLength} printable characters; '{file}' is not.");
        }

        return new ArtifactPath(ModelVersionKey.Create(parts[0], parts[1]), file);
    }

    /// <summary>Parses a blob name, or returns null when it breaks the naming rules.</summary>
    public static ArtifactPath? TryParse(string? blobName)
    {
        try
        {
            return Parse(blobName);
        }
        catch (InvalidUploadPathException)
        {
            return null;
        }
    }
}
