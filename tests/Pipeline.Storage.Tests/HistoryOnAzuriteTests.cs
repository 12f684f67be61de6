using Azure.Data.Tables;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;
using Pipeline.Storage.Tables;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class HistoryOnAzuriteTests(AzuriteFixture azurite)
{
    private const string FirstPolicy = """
        {
          "evaluation": { "dataset": "credit/eval.csv", "task": "binary-classification", "label": "label" },
          "thresholds": { "accuracy": { "min": 0.8 } },
          "retention": { "keepArchived": 3 }
        }
        """;

    private const string SecondPolicy = """
        {
          "evaluation": { "dataset": "credit/eval-2026.csv", "task": "binary-classification", "label": "label" },
          "thresholds": { "accuracy": { "min": 0.85 }, "rocAuc": { "min": 0.7 } }
        }
        """;

    private readonly RegistryHarness registry = new(azurite, TimeProvider.System);
    private readonly TableRegistryStore store = new(azurite.Tables);

    [Fact]
    public async Task ReplacePolicy_Twice_HistoryEntryRoundTripsItsChanges()
    {
        var model = TestUploads.NewModelName("hist");
        var policies = new ModelPolicies(registry.Policies, TimeProvider.System);

        await policies.ReplaceAsync(model, FirstPolicy, TestCallers.Named("alice"), CancellationToken.None);
        await policies.ReplaceAsync(model, SecondPolicy, TestCallers.Named("bob"), CancellationToken.None);

        var history = await store.ListHistoryAsync(model, 100, CancellationToken.None);
        Assert.Equal([HistoryAction.PolicyChanged, HistoryAction.PolicyChanged], history.Select(h => h.Action));
        var second = history[0];
        Assert.Equal("bob", second.Actor);
        Assert.Null(second.Version);
        Assert.Equal("Policy set: evaluation on 'credit/eval-2026.csv' (BinaryClassification); thresholds on accuracy, rocAuc.", second.Reason);
        Assert.Equal(
        [
            new FieldChange("evaluation.dataset", "\"credit/eval.csv\"", "\"credit/eval-2026.csv\""),
            new FieldChange("retention.keepArchived", "3", null),
            new FieldChange("thresholds.accuracy.min", "0.8", "0.85"),
            new FieldChange("thresholds.rocAuc.min", null, "0.7"),
        ], second.Changes);
        var first = history[1];
        Assert.Equal("alice", first.Actor);
        Assert.All(first.Changes, change => Assert.Null(change.Before));
        Assert.Contains(new FieldChange("thresholds.accuracy.min", null, "0.8"), first.Changes);
    }

    [Fact]
    public async Task SavePolicy_ChangesBeyondTheColumnLimit_StoredShortenedWithHowManyMore()
    {
        var model = TestUploads.NewModelName("hist");
        var changes = Enumerable.Range(0, 100)
            .Select(i => new FieldChange($"field{i:D3}", new string('b', 1000), new string('a', i == 0 ? 5000 : 1000)))
            .ToList();
        var entry = HistoryEntry.ForPolicyChange(model, DateTimeOffset.UtcNow, "alice", "Policy set: many changes.", changes);

        await registry.Policies.SaveAsync(model, ModelPolicy.Default, entry, CancellationToken.None);

        var stored = Assert.Single(await store.ListHistoryAsync(model, 100, CancellationToken.None));
        var more = stored.Changes[^1];
        var kept = stored.Changes.Count - 1;
        Assert.InRange(kept, 1, 99);
        Assert.Equal(new FieldChange($"…and {100 - kept} more", null, null), more);
        Assert.Equal(2000, stored.Changes[0].After!.Length);
        Assert.EndsWith("a…", stored.Changes[0].After, StringComparison.Ordinal);
        Assert.Equal(changes.Skip(1).Take(kept - 1), stored.Changes.Skip(1).Take(kept - 1));
        Assert.Equal("Policy set: many changes.", stored.Reason);
    }

    [Fact]
    public async Task HistoryRows_Action_StoredAsTheCamelCaseName()
    {
        var model = TestUploads.NewModelName("hist");
        await registry.RegisterAsync(model, "v1", TestUploads.SomeModelBytes());
        await new ModelPolicies(registry.Policies, TimeProvider.System).ReplaceAsync(model, FirstPolicy, TestCallers.Named("alice"), CancellationToken.None);

        var table = azurite.Tables.GetTableClient(StorageNames.RegistryTable);
        var actions = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {model} and RowKey ge {"h_"} and RowKey lt {"h`"}")))
        {
            actions.Add(row.GetString("Action"));
        }

        Assert.Equal(["policyChanged", "registered"], actions);
    }
}
