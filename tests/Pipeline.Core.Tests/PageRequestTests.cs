using Pipeline.Core.Errors;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Tests;

/// <summary>How a list's page is asked for: the limit's bounds, tokens that only this API writes, and pages of a sorted list.</summary>
public sealed class PageRequestTests
{
    [Fact]
    public void Parse_NothingGiven_IsTheFirstPageOfTheDefaultSize()
    {
        var page = PageRequest.Parse(null, null);

        Assert.Equal(new PageRequest(PageRequest.DefaultLimit, null), page);
        Assert.Equal(1000, PageRequest.Parse("1000", "").Limit);
        Assert.Equal(1, PageRequest.Parse("1", null).Limit);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("")]
    [InlineData("1.5")]
    [InlineData(" 5")]
    public void Parse_LimitOutOfBoundsOrNotANumber_IsRefused(string limit)
    {
        var refused = Assert.Throws<InvalidRequestException>(() => PageRequest.Parse(limit, null));

        Assert.Contains("'limit'", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("bm90LWEtdG9rZW4")]
    [InlineData("%%%")]
    public void Parse_TokenThisApiDidNotWrite_IsRefused(string token)
    {
        var refused = Assert.Throws<InvalidRequestException>(() => PageRequest.Parse(null, token));

        Assert.Contains("continuationToken", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TokenOfAPage_CarriesItsPositionBack()
    {
        var token = PageRequest.TokenAfter("m-1")!;

        Assert.Equal("m-1", PageRequest.Parse("3", token).After);
        Assert.DoesNotContain("m-1", token, StringComparison.Ordinal);
        Assert.Null(PageRequest.TokenAfter(null));
    }

    [Fact]
    public void Slice_PageAfterPage_ServesEveryItemOnceInOrder()
    {
        var names = new[] { "m-x", "m", "b", "m-a", "a", "z", "ma" };
        var served = new List<string>();
        var request = PageRequest.Parse("3", null);
        while (true)
        {
            var page = request.Slice(names, n => PageRequest.Key(n, "v1"));
            Assert.InRange(page.Items.Count, 1, 3);
            served.AddRange(page.Items);
            if (page.NextPageToken is null)
            {
                break;
            }

            request = PageRequest.Parse("3", page.NextPageToken);
        }

        // A name sorts before the longer names it starts, as an ordinal comparison of the names would.
        Assert.Equal(["a", "b", "m", "m-a", "m-x", "ma", "z"], served);
    }

    [Fact]
    public void Slice_ItemRemovedBetweenPages_ServesTheRestOnce()
    {
        var first = PageRequest.Parse("2", null).Slice(["a", "b", "c", "d"], n => n);

        var second = PageRequest.Parse("2", first.NextPageToken).Slice(["a", "c", "d"], n => n);

        Assert.Equal(["a", "b"], first.Items);
        Assert.Equal(["c", "d"], second.Items);
        Assert.Null(second.NextPageToken);
    }

    [Fact]
    public void NewestFirst_LaterInstant_SortsFirst()
    {
        var earlier = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(string.CompareOrdinal(PageRequest.NewestFirst(earlier.AddSeconds(1)), PageRequest.NewestFirst(earlier)) < 0);
        Assert.True(string.CompareOrdinal(PageRequest.OldestFirst(earlier), PageRequest.OldestFirst(null)) < 0);
    }
}
