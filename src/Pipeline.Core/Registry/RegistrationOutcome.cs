namespace Pipeline.Core.Registry;

/// <summary>What registering an upload did.</summary>
public enum RegistrationOutcome
{
    /// <summary>A new version was recorded.</summary>
    Registered,

    /// <summary>This artifact was registered before (a duplicate event); nothing changed.</summary>
    AlreadyRegistered,

    /// <summary>The version is registered with another file; this one was left alone.</summary>
    OtherArtifactInVersion,

    /// <summary>The registered artifact was overwritten; the registry kept the original record.</summary>
    ArtifactOverwritten,

    /// <summary>The blob was gone by the time it was read; nothing to register.</summary>
    ArtifactMissing,

    /// <summary>The model's policy takes uploads through an upload intent only, and none covers this one; nothing was registered.</summary>
    IntentRequired,
}
