using Pipeline.Core.Registry;

namespace Pipeline.Core.Access;

/// <summary>Who may not decide on a version whatever their roles: nobody approves what they uploaded.</summary>
public static class SeparationOfDuties
{
    /// <summary>
    /// Why <paramref name="caller"/> may not approve <paramref name="version"/>, or null when they may. The
    /// uploader is the one the upload names (<see cref="ModelVersion.UploadedByMetadata"/>): claimed, not
    /// verified, and honoured all the same, since a claim to be the uploader is never one to ignore.
    /// Matched on the caller's stable id or, without regard to case, their name.
    /// </summary>
    public static string? ExplainSelfApproval(Caller caller, ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(version);
        if (!version.Metadata.TryGetValue(ModelVersion.UploadedByMetadata, out var claimed) || string.IsNullOrWhiteSpace(claimed))
        {
            return null;
        }

        var uploader = claimed.Trim();
        var same = string.Equals(uploader, caller.Id, StringComparison.Ordinal)
            || string.Equals(uploader, caller.Name, StringComparison.OrdinalIgnoreCase);
        return same
            ? $"'{caller.Name}' uploaded version '{version.Version}' of model '{version.Model}' (its upload names '{uploader}'), and whoever uploads a version may not approve it; another approver must."
            : null;
    }
}
