using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Pipeline.Registry.Bench;

/// <summary>
/// The read paths a registry's size must not slow down, sent one at a time over HTTP to the running local runtime:
/// a page of models, a model's production version and one version, each for models picked at random among those seeded.
/// </summary>
internal sealed class RegistryBenchmark(HttpClient http, RegistryBenchOptions options)
{
    public const string ListModels = "GET /api/models?limit=100";
    public const string ListModelsTen = "GET /api/models?limit=10";
    public const string Production = "GET /api/models/{m}/production";
    public const string Version = "GET /api/models/{m}/versions/{v}";

    /// <summary>Every scenario against a registry of <paramref name="models"/> seeded models.</summary>
    public async Task<IReadOnlyList<ScenarioFigures>> MeasureAsync(int models, CancellationToken cancellationToken)
    {
        var random = new Random(models);
        var scenarios = new (string Name, Func<string> Path, Func<JsonNode, int> Items)[]
        {
            (ListModels, () => "api/models?limit=100", body => body.AsArray().Count),
            (ListModelsTen, () => "api/models?limit=10", body => body.AsArray().Count),
            (Production, () => $"api/models/{RegistrySeeder.ModelName(random.Next(models))}/production", _ => 1),
            (Version, () => $"api/models/{RegistrySeeder.ModelName(random.Next(models))}/versions/{RegistrySeeder.VersionLabel(1 + random.Next(options.VersionsPerModel))}", _ => 1),
        };
        var figures = new List<ScenarioFigures>();
        foreach (var (name, path, items) in scenarios)
        {
            var samples = new List<(TimeSpan, int)>(options.Requests);
            for (var i = 0; i < options.Warmup + options.Requests; i++)
            {
                var target = path();
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(new Uri(target, UriKind.Relative), cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                clock.Stop();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"GET {target} answered {(int)response.StatusCode}: {body}");
                }

                if (i >= options.Warmup)
                {
                    samples.Add((clock.Elapsed, items(JsonNode.Parse(body)!)));
                }
            }

            figures.Add(ScenarioFigures.From(name, models, models * options.VersionsPerModel, samples));
        }

        return figures;
    }
}
