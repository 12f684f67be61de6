using Azure.Data.Tables;
using Pipeline.Core.Requests;
using Pipeline.Storage.Tables;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>Idempotency records on Azurite: one claim per key, the response kept byte for byte, expiry by the clock.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdempotencyStoreOnAzuriteTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TestClock clock = new(Day0);

    private TableIdempotencyStore Store => new(azurite.Tables, clock);

    [Fact]
    public async Task Claim_KeyHeld_AnswersTheInFlightRecordAndNoSecondToken()
    {
        var request = NewRequest();

        var first = await Store.ClaimAsync(request, CancellationToken.None);
        var second = await Store.ClaimAsync(request, CancellationToken.None);

        Assert.NotNull(first.Token);
        Assert.Null(first.Existing);
        Assert.Null(second.Token);
        Assert.Equal(request, second.Existing!.Request);
        Assert.Null(second.Existing.Response);
        Assert.Equal(Day0 + IdempotencyKeys.PendingTimeout, second.Existing.ExpiresAt);
    }

    [Fact]
    public async Task Complete_BodyOverOneChunk_IsReadBackByteForByte()
    {
        var request = NewRequest();
        var claim = await Store.ClaimAsync(request, CancellationToken.None);
        var body = new byte[(TableIdempotencyStore.ChunkBytes * 3) + 17];
        new Random(7).NextBytes(body);

        Assert.True(await Store.CompleteAsync(request, claim.Token!, new RecordedResponse(202, "application/json; charset=utf-8", body), CancellationToken.None));
        clock.Advance(TimeSpan.FromHours(1));
        var again = await Store.ClaimAsync(request, CancellationToken.None);

        var response = again.Existing!.Response!;
        Assert.Equal(202, response.Status);
        Assert.Equal("application/json; charset=utf-8", response.ContentType);
        Assert.Equal(body, response.Body.ToArray());
        Assert.Equal(Day0 + IdempotencyKeys.Window, again.Existing.ExpiresAt);
    }

    [Fact]
    public async Task Complete_EmptyBodyNoContentType_IsReadBackAsSuch()
    {
        var request = NewRequest();
        var claim = await Store.ClaimAsync(request, CancellationToken.None);

        Assert.True(await Store.CompleteAsync(request, claim.Token!, new RecordedResponse(204, null, ReadOnlyMemory<byte>.Empty), CancellationToken.None));
        var response = (await Store.ClaimAsync(request, CancellationToken.None)).Existing!.Response!;

        Assert.Equal(204, response.Status);
        Assert.Null(response.ContentType);
        Assert.Equal(0, response.Body.Length);
    }

    [Fact]
    public async Task Complete_ResponseLargerThanARecordHolds_IsNotKeptAndTheKeyIsFreeAgain()
    {
        var request = NewRequest();
        var claim = await Store.ClaimAsync(request, CancellationToken.None);

        var kept = await Store.CompleteAsync(request, claim.Token!, new RecordedResponse(200, "application/json", new byte[TableIdempotencyStore.MaxResponseBytes + 1]), CancellationToken.None);

        Assert.False(kept);
        Assert.NotNull((await Store.ClaimAsync(request, CancellationToken.None)).Token);
    }

    [Fact]
    public async Task Complete_LargestBodyKept_FitsTheEntity()
    {
        var request = NewRequest();
        var claim = await Store.ClaimAsync(request, CancellationToken.None);
        var body = Enumerable.Repeat((byte)'x', TableIdempotencyStore.MaxResponseBytes).ToArray();

        Assert.True(await Store.CompleteAsync(request, claim.Token!, new RecordedResponse(200, "application/json", body), CancellationToken.None));

        Assert.Equal(body, (await Store.ClaimAsync(request, CancellationToken.None)).Existing!.Response!.Body.ToArray());
    }

    [Fact]
    public async Task Release_ThenClaim_ClaimsAgain()
    {
        var request = NewRequest();
        var claim = await Store.ClaimAsync(request, CancellationToken.None);

        await Store.ReleaseAsync(request, claim.Token!, CancellationToken.None);

        Assert.NotNull((await Store.ClaimAsync(request, CancellationToken.None)).Token);
    }

    [Fact]
    public async Task Claim_AnsweredRecordPastTheWindow_CountsAsAbsentAndIsReplaced()
    {
        var request = NewRequest();
        var claim = await Store.ClaimAsync(request, CancellationToken.None);
        Assert.True(await Store.CompleteAsync(request, claim.Token!, new RecordedResponse(200, "application/json", "{\"first\":true}"u8.ToArray()), CancellationToken.None));

        clock.Advance(IdempotencyKeys.Window - TimeSpan.FromSeconds(1));
        Assert.NotNull((await Store.ClaimAsync(request, CancellationToken.None)).Existing);
        clock.Advance(TimeSpan.FromSeconds(1));
        var renewed = await Store.ClaimAsync(request, CancellationToken.None);

        Assert.NotNull(renewed.Token);
        // The new claim is in flight: the old response is gone with the record it was in.
        var held = (await Store.ClaimAsync(request, CancellationToken.None)).Existing!;
        Assert.Null(held.Response);
        Assert.Equal(clock.GetUtcNow(), held.CreatedAt);
    }

    [Fact]
    public async Task Claim_InFlightPastThePendingTimeout_IsTakenOverAndTheLateAnswerIsNotKept()
    {
        var request = NewRequest();
        var stale = await Store.ClaimAsync(request, CancellationToken.None);

        clock.Advance(IdempotencyKeys.PendingTimeout);
        var takeover = await Store.ClaimAsync(request, CancellationToken.None);

        Assert.NotNull(takeover.Token);
        Assert.False(await Store.CompleteAsync(request, stale.Token!, new RecordedResponse(200, null, "late"u8.ToArray()), CancellationToken.None));
        await Store.ReleaseAsync(request, stale.Token!, CancellationToken.None);
        Assert.True(await Store.CompleteAsync(request, takeover.Token!, new RecordedResponse(200, null, "current"u8.ToArray()), CancellationToken.None));
        Assert.Equal("current"u8.ToArray(), (await Store.ClaimAsync(request, CancellationToken.None)).Existing!.Response!.Body.ToArray());
    }

    [Fact]
    public async Task Claim_SameKeyAnotherCaller_IsItsOwn()
    {
        var request = NewRequest();
        Assert.NotNull((await Store.ClaimAsync(request, CancellationToken.None)).Token);

        var other = await Store.ClaimAsync(request with { CallerId = request.CallerId + "-other" }, CancellationToken.None);

        Assert.NotNull(other.Token);
    }

    [Fact]
    public async Task Claim_KeyAndCallerWithCharactersTableKeysForbid_AreStoredUnderTheirDigests()
    {
        var request = NewRequest() with { CallerId = "tenant/obj#1?\\", Key = $"a/b#c?d\\e {Guid.NewGuid()}" };
        var claim = await Store.ClaimAsync(request, CancellationToken.None);

        Assert.True(await Store.CompleteAsync(request, claim.Token!, new RecordedResponse(200, null, "{}"u8.ToArray()), CancellationToken.None));

        Assert.Equal(request, (await Store.ClaimAsync(request, CancellationToken.None)).Existing!.Request);
        var table = azurite.Tables.GetTableClient(StorageNames.IdempotentRequestsTable);
        var row = Assert.Single(table.Query<TableEntity>(e => e.PartitionKey.CompareTo("") > 0 && e.GetString("Key") == request.Key));
        Assert.Matches("^[0-9a-f]{64}$", row.PartitionKey);
        Assert.Matches("^[0-9a-f]{64}$", row.RowKey);
    }

    [Fact]
    public async Task Claim_TwentyAtOnce_ExactlyOneHoldsTheKey()
    {
        var request = NewRequest();

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Store.ClaimAsync(request, CancellationToken.None))));

        Assert.Single(claims, c => c.Token is not null);
        Assert.All(claims.Where(c => c.Token is null), c => Assert.Null(c.Existing!.Response));
    }

    private static IdempotentRequest NewRequest() =>
        new($"tenant/{Guid.NewGuid():N}", Guid.NewGuid().ToString(), "POST", "/api/models/m/rollback", new string('a', 64));
}
