using Pipeline.Core.Requests;

namespace Pipeline.Core.Tests.Requests;

public sealed class IdempotencyKeysTests
{
    private static readonly IdempotentRequest First = new("tenant/ann", "k", "POST", "/api/models/m/rollback", new string('a', 64));

    [Theory]
    [InlineData("k")]
    [InlineData("8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("\"quoted\" with spaces ~!#/?\\")]
    public void ExplainInvalid_PrintableAscii_IsNull(string key) => Assert.Null(IdempotencyKeys.ExplainInvalid(key));

    [Theory]
    [InlineData("", "1 to 255")]
    [InlineData("tab\there", "character 4 is U+0009")]
    [InlineData("café", "character 4 is U+00E9")]
    [InlineData("del\u007f", "U+007F")]
    public void ExplainInvalid_EmptyOrNotPrintableAscii_SaysWhy(string key, string expected) =>
        Assert.Contains(expected, IdempotencyKeys.ExplainInvalid(key), StringComparison.Ordinal);

    [Fact]
    public void ExplainInvalid_LengthLimit_Is255()
    {
        Assert.Null(IdempotencyKeys.ExplainInvalid(new string('k', 255)));
        Assert.Contains("this one has 256", IdempotencyKeys.ExplainInvalid(new string('k', 256)), StringComparison.Ordinal);
    }

    [Fact]
    public void Differences_SameRequest_IsEmpty() => Assert.Empty(IdempotencyKeys.Differences(First, First with { Method = "post" }));

    [Fact]
    public void Differences_EveryPartChanged_NamesEach() => Assert.Equal(
        ["method", "path", "body"],
        IdempotencyKeys.Differences(First, First with { Method = "PUT", Path = "/api/models/n/rollback", BodySha256 = new string('b', 64) }));

    [Fact]
    public void ExpiryOf_AnsweredAndInFlight_UseTheWindowAndThePendingTimeout()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(at.AddHours(24), IdempotencyKeys.ExpiryOf(at, answered: true));
        Assert.Equal(at.AddMinutes(10), IdempotencyKeys.ExpiryOf(at, answered: false));
    }
}
