using Pipeline.Core.Errors;

namespace Pipeline.Core.Naming;

/// <summary>Identifies one version of one model. Construct through <see cref="Create"/> so both parts are valid.</summary>
public sealed record ModelVersionKey
{
    private ModelVersionKey(string model, string version)
    {
        Model = model;
        Version = version;
    }

    /// <summary>The model name.</summary>
    public string Model { get; }

    /// <summary>The version label.</summary>
    public string Version { get; }

    /// <summary>Validates both parts and returns the key.</summary>
    /// <exception cref="InvalidNameException">Either part breaks the naming rules.</exception>
    public static ModelVersionKey Create(string? model, string? version)
    {
        var modelError = NamingRules.ExplainInvalidModelName(model);
        if (modelError is not null)
        {
            throw new InvalidNameException("model", modelError);
        }

        var versionError = NamingRules.ExplainInvalidVersionLabel(version);
        if (versionError is not null)
        {
            throw new InvalidNameException("version", versionError);
        }

        return new ModelVersionKey(model!, version!);
    }

    /// <summary>Validates a model name on its own.</summary>
    /// <exception cref="InvalidNameException">The name breaks the naming rules.</exception>
    public static string ValidateModel(string? model)
    {
        var error = NamingRules.ExplainInvalidModelName(model);
        return error is null ? model! : throw new InvalidNameException("model", error);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Model}/{Version}";
}
