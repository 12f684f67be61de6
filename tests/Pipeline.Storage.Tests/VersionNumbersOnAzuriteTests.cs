using Pipeline.Core.Registry;
using Pipeline.Storage.Tables;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>
/// Every version gets its model's next number in the write that adds it: versions added at the same moment get
/// different numbers with no gap, a version added twice keeps its first number, and a number finds its version.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class VersionNumbersOnAzuriteTests(AzuriteFixture azurite)
{
    private readonly RegistryHarness registry = new(azurite, TimeProvider.System);
    private readonly TableRegistryStore store = new(azurite.Tables);

    [Fact]
    public async Task Register_TwelveVersionsAtOnce_NumbersThemOneToTwelveWithoutGapOrRepeat()
    {
        var model = TestUploads.NewModelName("numbers");
        var labels = Enumerable.Range(1, 12).Select(i => $"r{i}").ToList();

        await Task.WhenAll(labels.Select(label => registry.RegisterAsync(model, label, TestUploads.SomeModelBytes())));

        var versions = await store.ListVersionsAsync(model, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 12), versions.Select(v => v.Number).Order());
        Assert.Equal(12, (await store.FindModelAsync(model, CancellationToken.None))!.LastNumber);
        foreach (var version in versions)
        {
            var found = await store.FindVersionByNumberAsync(model, version.Number, CancellationToken.None);
            Assert.Equal(version.Version, found!.Version);
        }

        Assert.Null(await store.FindVersionByNumberAsync(model, 13, CancellationToken.None));
    }

    [Fact]
    public async Task TryAddVersion_SameVersionTwice_KeepsTheFirstNumberAndTakesNoOther()
    {
        var model = TestUploads.NewModelName("numbers");
        var first = await registry.RegisterAsync(model, "v1", TestUploads.SomeModelBytes());
        var registered = (await store.FindVersionAsync(model, first.Version, CancellationToken.None))!;

        var again = await store.TryAddVersionAsync(
            registered with { ConcurrencyToken = null },
            HistoryEntry.ForRegistration(registered, "someone", "Again."),
            await store.FindModelAsync(model, CancellationToken.None),
            CancellationToken.None);

        Assert.Null(again);
        Assert.Equal(1, registered.Number);
        Assert.Equal(1, (await store.FindModelAsync(model, CancellationToken.None))!.LastNumber);
        await registry.RegisterAsync(model, "v2", TestUploads.SomeModelBytes());
        Assert.Equal(2, (await store.FindVersionAsync(model, "v2", CancellationToken.None))!.Number);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TryAddVersion_WithAModelRowReadBeforeAnotherAdd_ReadsItAgainAndTakesTheNextNumber(bool noneFound)
    {
        var model = TestUploads.NewModelName("numbers");
        await registry.RegisterAsync(model, "v1", TestUploads.SomeModelBytes());
        // Read before v2 was added (or "none found" of a model that exists by then): stale either way.
        var stale = noneFound ? null : await store.FindModelAsync(model, CancellationToken.None);
        await registry.RegisterAsync(model, "v2", TestUploads.SomeModelBytes());
        var v1 = (await store.FindVersionAsync(model, "v1", CancellationToken.None))!;
        var v3 = v1 with { Version = "v3", ArtifactPath = $"{model}/v3/model.onnx", ConcurrencyToken = null };

        var added = await store.TryAddVersionAsync(v3, HistoryEntry.ForRegistration(v3, "someone", "Third."), stale, CancellationToken.None);

        Assert.Equal(3, added!.Number);
        Assert.Equal(3, (await store.FindModelAsync(model, CancellationToken.None))!.LastNumber);
        Assert.Equal("v3", (await store.FindVersionByNumberAsync(model, 3, CancellationToken.None))!.Version);
        Assert.Equal(added.ConcurrencyToken, (await store.FindVersionAsync(model, "v3", CancellationToken.None))!.ConcurrencyToken);
    }

    [Fact]
    public async Task TryAddModel_ThenRegister_KeepsTheModelsOwnFieldsAndNumbersFromOne()
    {
        var model = TestUploads.NewModelName("numbers");
        var created = new RegisteredModel
        {
            Name = model,
            CreatedAt = DateTimeOffset.UtcNow,
            Description = "Churn classifier",
            Tags = new Dictionary<string, string> { ["team"] = "growth" },
            Aliases = new Dictionary<string, int>(),
        };

        Assert.True(await store.TryAddModelAsync(created, CancellationToken.None));
        Assert.False(await store.TryAddModelAsync(created, CancellationToken.None));
        await registry.RegisterAsync(model, "v1", TestUploads.SomeModelBytes());

        var stored = (await store.FindModelAsync(model, CancellationToken.None))!;
        Assert.Equal("Churn classifier", stored.Description);
        Assert.Equal("growth", stored.Tags["team"]);
        Assert.Equal(1, stored.LastNumber);
        Assert.Equal(1, (await store.FindVersionAsync(model, "v1", CancellationToken.None))!.Number);
    }
}
