using Pipeline.Core.Registry;

namespace Pipeline.Core.Tests;

public sealed class BoundedTextTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("exactly10!")]
    public void Shorten_WithinTheBound_IsUnchanged(string? text) =>
        Assert.Same(text, BoundedText.Shorten(text, 10));

    [Fact]
    public void Shorten_OverTheBound_KeepsTheStartAndEndsInAnEllipsisAtExactlyTheBound()
    {
        var shortened = BoundedText.Shorten(new string('x', 40_000), 4_000);

        Assert.Equal(4_000, shortened!.Length);
        Assert.Equal(new string('x', 3_999) + BoundedText.Ellipsis, shortened);
    }

    [Fact]
    public void Shorten_CutInsideASurrogatePair_KeepsThePairWhole()
    {
        // "ab" then U+1F600 (two UTF-16 units): a cut after 3 units would keep half of it.
        var shortened = BoundedText.Shorten("ab\U0001F600cd", 4);

        Assert.Equal("ab" + BoundedText.Ellipsis, shortened);
        Assert.DoesNotContain(shortened!, char.IsSurrogate);
    }

    [Fact]
    public void Shorten_Span_CutsTheSameWay() =>
        Assert.Equal("abc" + BoundedText.Ellipsis, BoundedText.Shorten("abcdefgh".AsSpan(), 4));

    [Fact]
    public void Shorten_BoundTooSmallForAnEllipsis_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BoundedText.Shorten("abc", 1));
}
