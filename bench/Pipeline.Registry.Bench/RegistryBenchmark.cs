using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Pipeline.Storage;
using Pipeline.Storage.Tables;

namespace Pipeline.Registry.Bench;

/// <summary>
/// The read paths a registry's size must not slow down, sent one at a time over HTTP to each registry's local runtime:
/// a page of models, a model's production version and one version, each for models picked at random among those seeded.
/// Beside them, the raw Table requests those reads rest on, sent from this process straight to each Azurite, so that
/// growth that is the emulator's own shows as such. The small and the large registry are measured in alternating
/// rounds (each round both, in turn, scenario by scenario), so a change in the machine's load between them
/// reaches both sizes alike instead of landing on one.
/// </summary>
internal sealed class RegistryBenchmark(RegistryBenchOptions options)
{
    public const string ListModels = "GET /api/models?limit=100";
    public const string ListModelsTen = "GET /api/models?limit=10";
    public const string Production = "GET /api/models/{m}/production";
    public const string Version = "GET /api/models/{m}/versions/{v}";
    public const string RawIndexPage = "Table: models index, $top=101";
    public const string RawIndexPageTen = "Table: models index, $top=11";
    public const string RawModelRow = "Table: point read, model row";
    public const string RawVersionRow = "Table: point read, version row";

    // Unmeasured requests at the start of each later round's turn, after the other registry had the machine.
    private const int RoundWarmup = 2;

    private delegate Task<int> Send(RegistryTarget target, Random random, CancellationToken cancellationToken);

    /// <summary>Every scenario against both registries, in <see cref="RegistryBenchOptions.Rounds"/> alternating rounds.</summary>
    public async Task<IReadOnlyList<ScenarioRatio>> MeasureAsync(RegistryTarget small, RegistryTarget large, CancellationToken cancellationToken)
    {
        (string Name, Send Send)[] scenarios =
        [
            (ListModels, (t, _, ct) => GetAsync(t, "api/models?limit=100", body => body.AsArray().Count, ct)),
            (ListModelsTen, (t, _, ct) => GetAsync(t, "api/models?limit=10", body => body.AsArray().Count, ct)),
            // no-cache: the production read of the registry, not of the node's cache (Pipeline__ProductionCacheTtl).
            (Production, (t, r, ct) => GetAsync(t, $"api/models/{PickModel(t, r)}/production", _ => 1, ct, noCache: true)),
            (Version, (t, r, ct) => GetAsync(t, $"api/models/{PickModel(t, r)}/versions/{PickVersion(r)}", _ => 1, ct)),
            (RawIndexPage, (t, _, ct) => IndexPageAsync(t, 101, ct)),
            (RawIndexPageTen, (t, _, ct) => IndexPageAsync(t, 11, ct)),
            (RawModelRow, (t, r, ct) => PointReadAsync(t, PickModel(t, r), RegistryEntities.ModelRowKey, ct)),
            (RawVersionRow, (t, r, ct) => PointReadAsync(t, PickModel(t, r), RegistryEntities.VersionRowKey(PickVersion(r)), ct)),
        ];
        var targets = new[] { small, large };
        var random = targets.ToDictionary(t => t, t => new Random(t.Models));
        var samples = scenarios.ToDictionary(s => s.Name, _ => targets.ToDictionary(t => t, _ => new List<List<(TimeSpan, int)>>()));
        var perRound = Math.Max(1, options.Requests / options.Rounds);
        for (var round = 0; round < options.Rounds; round++)
        {
            Console.Error.WriteLine($"  round {round + 1}/{options.Rounds}");
            foreach (var (name, send) in scenarios)
            {
                // Alternate which size goes first, so neither always follows the other's requests.
                foreach (var target in round % 2 == 0 ? targets : targets.Reverse())
                {
                    var taken = new List<(TimeSpan, int)>(perRound);
                    var warmup = round == 0 ? options.Warmup : RoundWarmup;
                    for (var i = 0; i < warmup + perRound; i++)
                    {
                        var clock = Stopwatch.StartNew();
                        var items = await send(target, random[target], cancellationToken);
                        clock.Stop();
                        if (i >= warmup)
                        {
                            taken.Add((clock.Elapsed, items));
                        }
                    }

                    samples[name][target].Add(taken);
                }
            }
        }

        return [.. scenarios.Select(s => Compare(s.Name, small, large, samples[s.Name][small], samples[s.Name][large]))];
    }

    private static ScenarioRatio Compare(
        string scenario, RegistryTarget small, RegistryTarget large, List<List<(TimeSpan, int)>> smallRounds, List<List<(TimeSpan, int)>> largeRounds)
    {
        static double Median(List<(TimeSpan Took, int)> round) =>
            ScenarioFigures.Quantile([.. round.Select(s => s.Took.TotalMilliseconds).Order()], 0.5);

        return new ScenarioRatio(
            scenario,
            ScenarioFigures.From(scenario, small, [.. smallRounds.SelectMany(r => r)]),
            ScenarioFigures.From(scenario, large, [.. largeRounds.SelectMany(r => r)]),
            [.. smallRounds.Zip(largeRounds, (s, l) => Math.Round(Median(l) / Median(s), 2))]);
    }

    private static string PickModel(RegistryTarget target, Random random) => RegistrySeeder.ModelName(random.Next(target.Models));

    private string PickVersion(Random random) => RegistrySeeder.VersionLabel(1 + random.Next(options.VersionsPerModel));

    // The stopwatch runs around the call and the reading of the body; parsing it for the item count is outside.
    private static async Task<int> GetAsync(RegistryTarget target, string path, Func<JsonNode, int> items, CancellationToken cancellationToken, bool noCache = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (noCache)
        {
            request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
        }

        using var response = await target.Http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.OK
            ? items(JsonNode.Parse(body)!)
            : throw new InvalidOperationException($"{target.Name}: GET {path} answered {(int)response.StatusCode}: {body}");
    }

    // The query the models index sends for a page (one more row than the page, to know whether another follows).
    private static async Task<int> IndexPageAsync(RegistryTarget target, int top, CancellationToken cancellationToken)
    {
        var index = target.Tables.GetTableClient(StorageNames.ModelIndexTable);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"models"}");
        await foreach (var page in index.QueryAsync<TableEntity>(filter, maxPerPage: top, cancellationToken: cancellationToken).AsPages())
        {
            return page.Values.Count;
        }

        return 0;
    }

    private static async Task<int> PointReadAsync(RegistryTarget target, string partition, string row, CancellationToken cancellationToken)
    {
        var registry = target.Tables.GetTableClient(StorageNames.RegistryTable);
        var found = await registry.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        return found.HasValue ? 1 : throw new InvalidOperationException($"{target.Name}: no row {partition}/{row}.");
    }
}
