using Pipeline.Core.Staging;

namespace Pipeline.Core.Tests.Staging;

public sealed class KeptCopiesTests
{
    [Fact]
    public void Find_OfACopyKept_AnswersItsBytes_AndOnlyUnderItsOwnDigest()
    {
        var copies = new KeptCopies();
        var bytes = Bytes(10, fill: 1);
        copies.Keep(Fingerprint("m/aa", "aa", 10), bytes);

        Assert.Equal(bytes, copies.Find("m/aa", "aa")?.ToArray());
        // The digest recorded for a version is part of the key: a row that names other bytes at the same path finds none.
        Assert.Null(copies.Find("m/aa", "bb"));
        Assert.Null(copies.Find("m/bb", "aa"));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(11)]
    public void Keep_OfPartOfACopy_KeepsNothing(int length)
    {
        var copies = new KeptCopies();

        copies.Keep(Fingerprint("m/aa", "aa", 10), Bytes(length, fill: 1));

        Assert.Null(copies.Find("m/aa", "aa"));
        Assert.Equal(0, copies.HeldBytes);
    }

    [Fact]
    public void Keep_OfACopyLargerThanTheKeptSize_KeepsNothing()
    {
        var copies = new KeptCopies(capacityBytes: 4L * VaultCopy.KeptBytes);
        var size = VaultCopy.KeptBytes + 1;

        copies.Keep(Fingerprint("m/big", "big", size), new byte[size]);

        Assert.Null(copies.Find("m/big", "big"));
    }

    [Fact]
    public void Keep_BeyondTheCapacity_DropsTheLeastRecentlyUsed()
    {
        var copies = new KeptCopies(capacityBytes: 30);
        copies.Keep(Fingerprint("m/a", "a", 10), Bytes(10, fill: 1));
        copies.Keep(Fingerprint("m/b", "b", 10), Bytes(10, fill: 2));
        copies.Keep(Fingerprint("m/c", "c", 10), Bytes(10, fill: 3));
        // Used since: "a" is now more recent than "b".
        Assert.NotNull(copies.Find("m/a", "a"));

        copies.Keep(Fingerprint("m/d", "d", 10), Bytes(10, fill: 4));

        Assert.Null(copies.Find("m/b", "b"));
        Assert.Equal(Bytes(10, fill: 1), copies.Find("m/a", "a")?.ToArray());
        Assert.NotNull(copies.Find("m/c", "c"));
        Assert.NotNull(copies.Find("m/d", "d"));
        Assert.Equal(30, copies.HeldBytes);
    }

    [Fact]
    public void Keep_OfACopyKeptAlready_HoldsItOnce()
    {
        var copies = new KeptCopies(capacityBytes: 20);
        copies.Keep(Fingerprint("m/a", "a", 10), Bytes(10, fill: 1));

        copies.Keep(Fingerprint("m/a", "a", 10), Bytes(10, fill: 1));

        Assert.Equal(10, copies.HeldBytes);
    }

    [Fact]
    public void Keep_WithNoCapacity_KeepsNothing()
    {
        var copies = new KeptCopies(capacityBytes: 0);

        copies.Keep(Fingerprint("m/a", "a", 1), Bytes(1, fill: 1));

        Assert.Null(copies.Find("m/a", "a"));
    }

    private static ArtifactFingerprint Fingerprint(string vaultPath, string sha256, long size) => new(size, sha256, vaultPath);

    private static byte[] Bytes(int length, byte fill) => Enumerable.Repeat(fill, length).ToArray();
}
