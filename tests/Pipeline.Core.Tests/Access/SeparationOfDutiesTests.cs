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

    private static ModelVersion Version(string? uploadedBy) => new()
    {
        Model = "credit",
        Version = "v1",
        State = VersionState.AwaitingApproval,
        ArtifactPath = "credit/v1/model.onnx",
        SizeBytes = 1,
        BlobETag = "etag",
        RegisteredAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        Metadata = uploadedBy is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [ModelVersion.UploadedByMetadata] = uploadedBy },
    };
}
