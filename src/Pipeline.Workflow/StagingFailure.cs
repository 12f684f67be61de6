namespace Pipeline.Workflow;

/// <summary>A round whose staging tests stopped with an error, handed to the activity that records it.</summary>
/// <param name="Round">The round.</param>
/// <param name="Error">What stopped the tests, already cut to <see cref="MaxErrorLength"/>.</param>
public sealed record StagingFailure(VersionRound Round, string Error)
{
    /// <summary>The longest error text passed on: enough to act on, small enough for any store.</summary>
    public const int MaxErrorLength = 2_000;
}
