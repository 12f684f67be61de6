using Pipeline.Core.Access;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Tests.Access;

public sealed class SeparationOfDutiesTests
{
    private static readonly Caller Ursula = new("tenant/ursula-oid", "ursula@example.com", new HashSet<PipelineRole> { PipelineRole.Approver });

    [Theory]
    [InlineData("ursula@example.com")]
    [InlineData("URSULA@example.com")]
    [InlineData(" ursula@example.com ")]
    [InlineData("tenant/ursula-oid")]
    public void ExplainSelfApproval_CallerIsTheUploader_Refuses(string uploadedBy)
    {
        var reason = SeparationOfDuties.ExplainSelfApproval(Ursula, Version(uploadedBy));

        Assert.NotNull(reason);
        Assert.Contains("may not approve", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("victor@example.com")]
    [InlineData("")]
    [InlineData(null)]
    public void ExplainSelfApproval_SomeoneElseOrNobodyUploaded_Allows(string? uploadedBy)
    {
        Assert.Null(SeparationOfDuties.ExplainSelfApproval(Ursula, Version(uploadedBy)));
    }

    [Theory]
    [InlineData("tenant/ursula-oid", "someone-renamed@example.com")]
    [InlineData("tenant/other-oid", "Ursula@Example.com")]
    public void ExplainSelfApproval_CallerIsTheVerifiedUploader_RefusesWhateverTheMetadataClaims(string id, string name)
    {
        var version = Version("victor@example.com") with { UploadedBy = new Uploader(id, name, Verified: true) };

        var reason = SeparationOfDuties.ExplainSelfApproval(Ursula, version);

        Assert.NotNull(reason);
        Assert.Contains("upload intent", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplainSelfApproval_ClaimedUploaderOfAVerifiedUpload_IsRefusedToo()
    {
        var version = Version("ursula@example.com") with { UploadedBy = new Uploader("tenant/victor-oid", "victor@example.com", Verified: true) };

        Assert.NotNull(SeparationOfDuties.ExplainSelfApproval(Ursula, version));
    }

    [Fact]
    public void ExplainSelfApproval_SomeoneElseVerified_Allows()
    {
        var version = Version(null) with { UploadedBy = new Uploader("tenant/victor-oid", "victor@example.com", Verified: true) };

        Assert.Null(SeparationOfDuties.ExplainSelfApproval(Ursula, version));
    }

    private static ModelVersion Version(string? uploadedBy) => Rows.Version("credit", "v1", VersionState.AwaitingApproval) with
    {
        Metadata = uploadedBy is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [ModelVersion.UploadedByMetadata] = uploadedBy },
    };
}
