using Azure.Data.Tables;
using Pipeline.Core.Policies;
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

    private readonly RegistryHarness registry = new(azurite, TimeProvider.System);

    [Fact]
    public async Task HistoryRows_Action_StoredAsTheCamelCaseName()
    {
        var model = TestUploads.NewModelName("hist");
        await registry.RegisterAsync(model, "v1", TestUploads.SomeModelBytes());
        await new ModelPolicies(registry.Policies, TimeProvider.System).ReplaceAsync(model, FirstPolicy, "alice", CancellationToken.None);

        var table = azurite.Tables.GetTableClient(StorageNames.RegistryTable);
        var actions = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {model} and RowKey ge {"h_"} and RowKey lt {"h`"}")))
        {
            actions.Add(row.GetString("Action"));
        }

        Assert.Equal(["policyChanged", "registered"], actions);
    }
}
