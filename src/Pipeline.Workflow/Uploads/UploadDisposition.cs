namespace Pipeline.Workflow.Uploads;

/// <summary>What became of an upload.</summary>
public enum UploadDisposition
{
    /// <summary>Registered (now or by an earlier event) and its tests are started.</summary>
    Registered,

    /// <summary>Already registered and past its first round; nothing changed.</summary>
    Duplicate,

    /// <summary>Not registered; left untouched and listed with the reason.</summary>
    Rejected,

    /// <summary>Gone before it could be read.</summary>
    Missing,
}
