namespace Pipeline.Core.Uploads;

/// <summary>How upload intents are given.</summary>
public sealed class UploadIntentOptions
{
    /// <summary>How long an intent's URL works (default 15 minutes).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(15);
}
