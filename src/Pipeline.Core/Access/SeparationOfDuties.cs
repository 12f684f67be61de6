using Pipeline.Core.Registry;

namespace Pipeline.Core.Access;

/// <summary>Who may not decide on a version whatever their roles: nobody approves what they uploaded.</summary>
public static class SeparationOfDuties
{
    /// <summary>
    /// Why <paramref name="caller"/> may not approve <paramref name="version"/>, or null when they may. Two uploaders
    /// count: the verified one (<see cref="ModelVersion.UploadedBy"/>, whose upload intent the blob came through) and
    /// the one the upload names (<see cref="ModelVersion.UploadedByMetadata"/>), claimed, not verified, and honoured
    /// all the same, since a claim to be the uploader is never one to ignore. Each is matched on the caller's stable id
    /// or, without regard to case, their name.
    /// </summary>
    public static string? ExplainSelfApproval(Caller caller, ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(version);
        if (version.UploadedBy is { Verified: true } verified
            && (string.Equals(verified.Id, caller.Id, StringComparison.Ordinal) || CallerLists.Names(verified.Name, caller)))
        {
            return $"'{caller.Name}' uploaded version '{version.Version}' of model '{version.Model}' (through their upload intent, as '{verified.Name}'), and whoever uploads a version may not approve it; another approver must.";
        }

        if (!version.Metadata.TryGetValue(ModelVersion.UploadedByMetadata, out var claimed) || string.IsNullOrWhiteSpace(claimed))
        {
            return null;
        }

        var uploader = claimed.Trim();
        return CallerLists.Names(uploader, caller)
            ? $"'{caller.Name}' uploaded version '{version.Version}' of model '{version.Model}' (its upload names '{uploader}'), and whoever uploads a version may not approve it; another approver must."
            : null;
    }
}
