using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Pipeline.Storage;
using Pipeline.Storage.Tables;

namespace Pipeline.Registry.Bench;

/// <summary>
/// Checks the preload's range queries (--range-queries-by-partition) against Azurite's own: both registries hold the same
/// rows, <paramref name="stock"/>'s Azurite answers queries with its own code and <paramref name="patched"/>'s with the
/// preload's. Every page of the models list through each API, following its <c>Link</c> to the end, and every page of
/// raw Table queries of the shapes the registry sends (and a few it does not) must be the same on both.
/// </summary>
internal sealed partial class RangeQueryComparison(RegistryTarget stock, RegistryTarget patched)
{
    private static readonly int[] Limits = [1, 7, 10, 100, 1000];
    private static readonly int?[] TablePageSizes = [null, 1, 3, 11, 101, 1000];

    /// <summary>Compares every page; the first difference ends the comparison with an exception naming it.</summary>
    public async Task<RangeQueryComparisonReport> CompareAsync(CancellationToken cancellationToken)
    {
        var apiPages = 0;
        foreach (var limit in Limits)
        {
            for (var path = $"api/models?limit={limit}"; path is not null; apiPages++)
            {
                var (stockBody, stockNext) = await GetPageAsync(stock, path, cancellationToken);
                var (patchedBody, patchedNext) = await GetPageAsync(patched, path, cancellationToken);
                Same($"GET {path}: body", stockBody, patchedBody);
                Same($"GET {path}: next page", stockNext, patchedNext);
                path = stockNext?.TrimStart('/');
            }
        }

        var random = new Random(stock.Models);
        string Model() => RegistrySeeder.ModelName(random.Next(stock.Models));
        var queries = new List<(string Table, string Filter)>
        {
            (StorageNames.ModelIndexTable, "PartitionKey eq 'models'"),
            (StorageNames.ModelIndexTable, "PartitionKey eq 'meta'"),
            (StorageNames.ModelIndexTable, "PartitionKey eq 'nothing'"),
            (StorageNames.ModelIndexTable, $"PartitionKey eq 'models' and RowKey ge '{Model()}' and RowKey lt '{Model()}'"),
            (StorageNames.ModelIndexTable, "PartitionKey eq 'models' and RowKey gt 'bench-' and RowKey le 'bench-1'"),
            // Not the preload's shape: Azurite's own code on both.
            (StorageNames.ModelIndexTable, "PartitionKey eq 'models' and ProductionNumber gt 0"),
        };
        for (var i = 0; i < 5; i++)
        {
            var model = Model();
            queries.Add((StorageNames.ModelIndexTable, $"PartitionKey eq 'models' and RowKey gt '{model}'"));
            // A model's rows but its history, whose keys hold a random id (so differ between the two registries): the
            // model row, number index and versions, then the versions' range as the registry reads it.
            queries.Add((StorageNames.RegistryTable, TableClient.CreateQueryFilter($"PartitionKey eq {model} and RowKey ge {RegistryEntities.History.End}")));
            queries.Add((StorageNames.RegistryTable, TableClient.CreateQueryFilter(
                $"PartitionKey eq {model} and RowKey ge {RegistryEntities.Versions.Prefix} and RowKey lt {RegistryEntities.Versions.End}")));
        }

        var tablePages = 0;
        foreach (var (table, filter) in queries)
        {
            foreach (var size in TablePageSizes)
            {
                var stockPages = await QueryPagesAsync(stock, table, filter, size, cancellationToken);
                var patchedPages = await QueryPagesAsync(patched, table, filter, size, cancellationToken);
                Same($"{table} '{filter}' ($top {size?.ToString(CultureInfo.InvariantCulture) ?? "none"}): pages", stockPages.Count.ToString(CultureInfo.InvariantCulture), patchedPages.Count.ToString(CultureInfo.InvariantCulture));
                for (var p = 0; p < stockPages.Count; p++)
                {
                    Same($"{table} '{filter}' ($top {size?.ToString(CultureInfo.InvariantCulture) ?? "none"}): page {p + 1}", stockPages[p], patchedPages[p]);
                }

                tablePages += stockPages.Count;
            }
        }

        return new RangeQueryComparisonReport(stock.Models, apiPages, queries.Count * TablePageSizes.Length, tablePages);
    }

    private static void Same(string what, string? expected, string? actual)
    {
        if (expected != actual)
        {
            throw new InvalidOperationException($"{what} differs.\n  Azurite's own: {Clip(expected)}\n  the preload's: {Clip(actual)}");
        }
    }

    private static string Clip(string? text) => text is null ? "(none)" : text.Length <= 600 ? text : text[..600] + "...";

    // The body with each Azurite's blob address (in the production pointers) made alike, and the Link's next address.
    private static async Task<(string Body, string? Next)> GetPageAsync(RegistryTarget target, string path, CancellationToken cancellationToken)
    {
        using var response = await target.Http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{target.Name}: GET {path} answered {(int)response.StatusCode}: {body}");
        }

        var next = response.Headers.TryGetValues("Link", out var links)
            ? NextLink().Match(string.Join(',', links)) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"{target.Name}: GET {path}: Link without a next page.")
            : null;
        return (BlobAddress().Replace(body, "://azurite/"), next);
    }

    // Each page's rows (keys and properties, without the Timestamp and ETag each Azurite gave its own writes) and its
    // continuation, as JSON.
    private static async Task<List<string>> QueryPagesAsync(RegistryTarget target, string table, string filter, int? pageSize, CancellationToken cancellationToken)
    {
        var pages = new List<string>();
        var client = target.Tables.GetTableClient(table);
        await foreach (var page in client.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages())
        {
            var rows = page.Values.Select(e => e.Where(p => p.Key is not ("Timestamp" or "odata.etag")).OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary());
            pages.Add(JsonSerializer.Serialize(new { rows, next = page.ContinuationToken }));
        }

        return pages;
    }

    [GeneratedRegex("<([^>]+)>;\\s*rel=\"next\"")]
    private static partial Regex NextLink();

    [GeneratedRegex("://[^/\"]+/devstoreaccount1/")]
    private static partial Regex BlobAddress();
}
