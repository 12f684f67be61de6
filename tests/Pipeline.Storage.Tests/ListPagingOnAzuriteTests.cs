using Pipeline.Core.Errors;
using Pipeline.Core.Registry;
using Pipeline.Storage.Tables;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>
/// The registry's lists page on Azurite: the models index lists every model once, by name, page after page; a model's
/// history and its events page the same way; a position from another list is refused.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ListPagingOnAzuriteTests(AzuriteFixture azurite)
{
    private readonly RegistryHarness registry = new(azurite, TimeProvider.System);
    private readonly TableRegistryStore store = new(azurite.Tables);
    private readonly TableEventOutbox outbox = new(azurite.Tables);

    [Fact]
    public async Task ListModels_PageByPage_ListsEveryModelOnceInNameOrder()
    {
        var prefix = TestUploads.NewModelName("idx");
        var created = Enumerable.Range(0, 23).Select(i => $"{prefix}-{i:D2}").ToList();
        await Task.WhenAll(created.Select(name => store.TryAddModelAsync(new RegisteredModel { Name = name, CreatedAt = DateTimeOffset.UtcNow }, CancellationToken.None)));
        // A model created by its first version is indexed too, and its version and history rows are not listed as models.
        var registered = $"{prefix}-zz";
        var promoted = await registry.RegisterAsync(registered, "v1", TestUploads.SomeModelBytes());
        await registry.TestAsync(promoted);
        await registry.ApproveAndPromoteAsync(promoted, "bob");
        await registry.RegisterAsync(registered, "v2", TestUploads.SomeModelBytes());
        created.Add(registered);

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await store.ListModelsAsync(after, 5, CancellationToken.None);
            Assert.InRange(page.Items.Count, 1, 5);
            seen.AddRange(page.Items.Select(m => m.Name));
            after = page.After;
            pages++;
        }
        while (after is not null);

        // Other tests' models share this Azurite: ours appear once each, and nothing appears twice.
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(created, seen.Where(n => n.StartsWith(prefix + "-", StringComparison.Ordinal)));
        Assert.True(pages >= 5, $"{seen.Count} models in {pages} pages of 5.");
        // The index mirrors what a model serves: the promotion's pointer, as the model row holds it.
        var next = (await store.ListModelsAsync(created[^2], 1, CancellationToken.None)).Items[0];
        Assert.Equal(registered, next.Name);
        Assert.Equal("v1", next.Production?.Version);
        Assert.Equal((await store.FindModelAsync(registered, CancellationToken.None))!.Production, next.Production);
        Assert.Null((await store.ListModelsAsync(created[0], 1, CancellationToken.None)).Items[0].Production);
    }

    [Fact]
    public async Task ListHistory_PageByPage_ListsEveryEntryOnceNewestFirst()
    {
        var model = TestUploads.NewModelName("hp");
        var key = await registry.RegisterAsync(model, "v1", TestUploads.SomeModelBytes());
        var version = (await store.FindVersionAsync(key.Model, key.Version, CancellationToken.None))!;
        for (var i = 0; i < 10; i++)
        {
            await store.AppendHistoryAsync(
                HistoryEntry.ForStateChange(Core.Registry.HistoryAction.ApprovalRefused, version, version.State, DateTimeOffset.UtcNow.AddSeconds(i + 1), $"u{i}", "paging"),
                CancellationToken.None);
        }

        var all = await store.ListHistoryAsync(model, 100, CancellationToken.None);
        var paged = new List<HistoryEntry>();
        string? after = null;
        do
        {
            var page = await store.ListHistoryAsync(model, after, 4, CancellationToken.None);
            Assert.InRange(page.Items.Count, 1, 4);
            paged.AddRange(page.Items);
            after = page.After;
        }
        while (after is not null);

        Assert.Equal(11, all.Count);
        Assert.Equal(all.Select(h => (h.At, h.Actor)), paged.Select(h => (h.At, h.Actor)));
        Assert.Equal(all.OrderByDescending(h => h.At).Select(h => h.Actor), paged.Select(h => h.Actor));
    }

    [Fact]
    public async Task ListEvents_PageByPage_ListsEveryEventOnce_AndRefusesAnotherModelsPosition()
    {
        var model = TestUploads.NewModelName("ep");
        var other = TestUploads.NewModelName("ep");
        foreach (var label in new[] { "v1", "v2", "v3", "v4", "v5" })
        {
            await registry.RegisterAsync(model, label, TestUploads.SomeModelBytes());
        }

        await registry.RegisterAsync(other, "v1", TestUploads.SomeModelBytes());

        var all = await outbox.ListAsync(model, null, 100, CancellationToken.None);
        var paged = new List<Core.Events.OutboxEntry>();
        string? after = null;
        do
        {
            var page = await outbox.ListAsync(model, null, after, 2, CancellationToken.None);
            paged.AddRange(page.Items);
            after = page.After;
        }
        while (after is not null);

        Assert.Equal(5, all.Count);
        Assert.Equal(all.Select(e => e.Position), paged.Select(e => e.Position));
        var first = await outbox.ListAsync(model, null, null, 1, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidRequestException>(() => outbox.ListAsync(other, null, first.After, 1, CancellationToken.None));

        // Across models, a page picks up after the model and row it ended at.
        var across = await outbox.ListAsync(null, null, first.After, 10, CancellationToken.None);
        Assert.Equal(all.Skip(1).Select(e => e.Position), across.Items.Take(4).Select(e => e.Position));
        Assert.DoesNotContain(across.Items, e => string.CompareOrdinal(e.Event.Model, model) < 0);
    }
}
