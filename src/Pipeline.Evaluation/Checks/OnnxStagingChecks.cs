using System.Diagnostics;
using System.Globalization;
using Pipeline.Core.Errors;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;
using Pipeline.Core.Staging;
using Pipeline.Evaluation.Latency;
using Pipeline.Evaluation.Loading;
using Pipeline.Evaluation.Metrics;
using Pipeline.Evaluation.Runs;
using Pipeline.Evaluation.Scoring;
using Pipeline.Evaluation.Signatures;

namespace Pipeline.Evaluation.Checks;

/// <summary>
/// The checks that test the model itself, with ONNX Runtime: it loads, its signature keeps the
/// production version's serving contract, its metrics on the policy's dataset meet the thresholds,
/// it is no worse than production by more than the policy allows, and its single-row latency fits
/// the budget. A bad model, dataset or policy is a failed or skipped check with a reason; storage
/// failures propagate so the activity is retried. Everything after the integrity check runs within
/// <see cref="OnnxCheckOptions.MaxEvaluationTime"/>, a single long ONNX Runtime run included: what is
/// cut off by it fails with the limit as its reason.
/// </summary>
public sealed class OnnxStagingChecks(IArtifactStore artifacts, IDatasetStore datasets, OnnxCheckOptions options) : IStagingCheckSuite
{
    /// <summary>Check names, as they appear in reports.</summary>
    public const string Loads = "loads", Signature = "signature", Evaluation = "evaluation", ChampionChallenger = "championChallenger", Latency = "latency";

    /// <inheritdoc />
    public bool ReadsProductionArtifact(ModelVersion candidate, ModelVersion production) =>
        IsOnnx(candidate.ArtifactPath) && IsLoadable(production);

    /// <inheritdoc />
    public async Task<IReadOnlyList<CheckResult>> RunAsync(StagingSubject subject, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        var policy = subject.Policy;
        if (!IsOnnx(subject.Version.ArtifactPath))
        {
            const string notOnnx = "The artifact is not an ONNX model (by its file name), so it cannot be loaded or evaluated.";
            results.Add(Skip(Loads, notOnnx));
            results.Add(Skip(Signature, notOnnx));
            results.Add(policy.AllowUnevaluatedFormats
                ? Skip(Evaluation, "Not evaluated: the model's policy allows formats the pipeline cannot evaluate (allowUnevaluatedFormats).")
                : new CheckResult(Evaluation, CheckOutcome.Failed, "Only ONNX models can be evaluated, and the model's policy does not allow unevaluated formats (allowUnevaluatedFormats: false).", 0));
            results.Add(Skip(ChampionChallenger, notOnnx));
            results.Add(Skip(Latency, notOnnx));
            return results;
        }

        using var deadline = new CheckDeadline(options.MaxEvaluationTime, cancellationToken);
        var clock = Stopwatch.StartNew();
        // The bytes the integrity check hashed (kept from its read, or its vault copy): the bytes loaded are the bytes
        // recorded. Production's model is read and loaded meanwhile; it is only needed once the candidate has loaded.
        var productionLoad = LoadProductionAsync(subject.Production, subject.ProductionContent, deadline);
        using var candidate = await LoadCandidateAsync(subject, productionLoad, deadline);
        if (candidate.Model is null)
        {
            await DiscardAsync(productionLoad);
            results.Add(new CheckResult(Loads, CheckOutcome.Failed, candidate.Failure!, Elapsed(clock)));
            const string notLoaded = "The model did not load.";
            results.AddRange([Skip(Signature, notLoaded), Skip(Evaluation, notLoaded), Skip(ChampionChallenger, notLoaded), Skip(Latency, notLoaded)]);
            return results;
        }

        results.Add(new CheckResult(Loads, CheckOutcome.Passed, "The artifact loads in ONNX Runtime.", Elapsed(clock), Describe(candidate.Model.Signature)));

        using var production = await productionLoad;
        results.Add(CheckSignature(candidate.Model, subject.Production, production));

        if (policy.Evaluation is not { } spec)
        {
            const string noEvaluation = "The model's policy has no evaluation section.";
            results.AddRange([Skip(Evaluation, noEvaluation), Skip(ChampionChallenger, noEvaluation), Skip(Latency, noEvaluation)]);
            return results;
        }

        results.AddRange(await EvaluateAsync(candidate.Model, production, subject, spec, deadline, cancellationToken));
        return results;
    }

    private async Task<IReadOnlyList<CheckResult>> EvaluateAsync(
        OnnxModel candidate, LoadedModel production, StagingSubject subject, EvaluationSpec spec, CheckDeadline deadline, CancellationToken cancellationToken)
    {
        var policy = subject.Policy;
        var clock = Stopwatch.StartNew();
        var gates = policy.MaxRegression ?? new Dictionary<string, double>();
        var compare = gates.Count > 0 && production.Model is not null;
        DatasetEvaluation evaluation;
        ComputedMetrics? productionMetrics = null;
        OnnxScorer scorer;
        DatasetEvaluationOptions evaluationOptions;
        try
        {
            scorer = new OnnxScorer(candidate, spec.Task, spec.Input, spec.Output);
            await using var dataset = await datasets.OpenReadAsync(spec.Dataset, deadline.Token);
            if (dataset is null)
            {
                return Failed($"The dataset '{spec.Dataset}' does not exist in the datasets container.");
            }

            if (deadline.Remaining <= TimeSpan.Zero)
            {
                return Failed(deadline.Describe("no time was left to evaluate the model"));
            }

            // The evaluator stops itself (its reads and its runs) when what is left of the time is up.
            evaluationOptions = new DatasetEvaluationOptions { Deadline = deadline.Remaining, LatencyRows = policy.Latency?.Rows ?? DatasetEvaluationOptions.DefaultLatencyRows };
            if (compare)
            {
                var productionScorer = new OnnxScorer(production.Model!, spec.Task, spec.Input, spec.Output);
                var pair = await DatasetEvaluator.EvaluatePairAsync(scorer, productionScorer, dataset, spec, evaluationOptions, cancellationToken);
                evaluation = pair.Candidate;
                productionMetrics = pair.Production;
            }
            else
            {
                evaluation = await DatasetEvaluator.EvaluateAsync(scorer, dataset, spec, evaluationOptions, cancellationToken);
            }
        }
        catch (EvaluationTimeoutException e)
        {
            return Failed(deadline.Describe($"the evaluation stopped after scoring {e.RowsScored} rows; evaluate on a smaller dataset or allow more time"));
        }
        catch (PipelineException e)
        {
            // Deterministic: a bad dataset, a model that does not fit it. Not retried.
            return Failed(e.Message);
        }
        catch (OperationCanceledException) when (deadline.HasPassed)
        {
            return Failed(deadline.Describe("the dataset could not be opened in time"));
        }

        var results = new List<CheckResult> { CheckThresholds(evaluation, policy, Elapsed(clock)) };
        results.Add(CheckChampion(evaluation.Metrics, productionMetrics, gates, subject.Production, production));
        results.Add(CheckLatency(scorer, evaluation, policy.Latency, evaluationOptions, deadline));
        return results;

        IReadOnlyList<CheckResult> Failed(string reason)
        {
            var notEvaluated = "The evaluation did not run to the end.";
            return [new CheckResult(Evaluation, CheckOutcome.Failed, reason, Elapsed(clock)), Skip(ChampionChallenger, notEvaluated), Skip(Latency, notEvaluated)];
        }
    }

    private static CheckResult CheckThresholds(DatasetEvaluation evaluation, ModelPolicy policy, double durationMs)
    {
        var metrics = evaluation.Metrics;
        var verdict = MetricGates.CheckThresholds(metrics, metrics.Undefined, policy.Thresholds);
        var reason = !verdict.Passed
            ? $"On {evaluation.Rows} rows: {string.Join("; ", verdict.Failures)}."
            : policy.Thresholds is { Count: > 0 }
                ? $"On {evaluation.Rows} rows every threshold is met."
                : $"On {evaluation.Rows} rows; the policy sets no thresholds.";
        return new CheckResult(Evaluation, verdict.Passed ? CheckOutcome.Passed : CheckOutcome.Failed, reason, durationMs, Undefined(metrics))
        {
            Metrics = Copy(metrics),
        };
    }

    private static CheckResult CheckChampion(
        ComputedMetrics candidate, ComputedMetrics? production, IReadOnlyDictionary<string, double> gates, ModelVersion? productionVersion, LoadedModel productionModel)
    {
        if (gates.Count == 0)
        {
            return Skip(ChampionChallenger, "The model's policy sets no maxRegression gates.");
        }

        if (productionVersion is null)
        {
            return Skip(ChampionChallenger, "There is no production version to compare with.");
        }

        if (production is null)
        {
            return Skip(ChampionChallenger, $"Production version '{productionVersion.Version}' could not be evaluated: {productionModel.Failure}");
        }

        var verdict = MetricGates.CheckRegression(candidate, production, gates);
        var reason = !verdict.Passed
            ? $"Compared with production version '{productionVersion.Version}': {string.Join("; ", verdict.Failures)}."
            : $"No worse than production version '{productionVersion.Version}' beyond the allowed regression.";
        return new CheckResult(ChampionChallenger, verdict.Passed ? CheckOutcome.Passed : CheckOutcome.Failed, reason, 0)
        {
            Metrics = Copy(candidate),
            ProductionMetrics = Copy(production),
        };
    }

    private static CheckResult CheckLatency(
        OnnxScorer scorer, DatasetEvaluation evaluation, LatencyBudget? budget, DatasetEvaluationOptions evaluationOptions, CheckDeadline deadline)
    {
        if (budget is null)
        {
            return Skip(Latency, "The model's policy sets no latency budget.");
        }

        // The sample kept fewer rows than asked though the dataset had more: rows × features is over the sample limit.
        var fit = evaluationOptions.LatencyRowsThatFit(evaluation.FeatureCount);
        if (budget.Rows > fit && evaluation.Rows > fit)
        {
            var values = (long)budget.Rows * evaluation.FeatureCount;
            return new CheckResult(
                Latency,
                CheckOutcome.Failed,
                $"latency.rows {budget.Rows} × {evaluation.FeatureCount} features is {values} values, more than the {evaluationOptions.MaxLatencySampleValues} " +
                $"({evaluationOptions.MaxLatencySampleValues * (long)sizeof(float) >> 20} MiB) the latency probe keeps; set latency.rows to at most {fit}.",
                0);
        }

        if (evaluation.LatencySampleCount == 0)
        {
            return new CheckResult(Latency, CheckOutcome.Failed, "The dataset has no rows to time.", 0);
        }

        var clock = Stopwatch.StartNew();
        LatencyPercentiles measured;
        try
        {
            measured = LatencyProbe.Measure(scorer, evaluation.LatencySampleRowsRowMajor, evaluation.LatencySampleCount, evaluation.FeatureCount, deadline.Token);
        }
        catch (ScoringException e)
        {
            // Batches scored, single rows do not (an output squeezed to [] for one row): a fact about the model.
            return new CheckResult(Latency, CheckOutcome.Failed, $"The model cannot score a single row: {e.Message}", Elapsed(clock));
        }
        catch (OperationCanceledException) when (deadline.HasPassed)
        {
            return new CheckResult(
                Latency, CheckOutcome.Failed, deadline.Describe($"the latency probe had not finished timing {evaluation.LatencySampleCount} single-row runs"), Elapsed(clock));
        }

        var passed = measured.P95Ms <= budget.P95Ms;
        var reason = $"Single-row inference over {measured.Samples} rows: p50 {Format(measured.P50Ms)} ms, p95 {Format(measured.P95Ms)} ms against a p95 budget of {Format(budget.P95Ms)} ms.";
        return new CheckResult(Latency, passed ? CheckOutcome.Passed : CheckOutcome.Failed, reason, Elapsed(clock))
        {
            P50Ms = measured.P50Ms,
            P95Ms = measured.P95Ms,
            Measured = measured.P95Ms,
            Threshold = budget.P95Ms,
        };
    }

    private static CheckResult CheckSignature(OnnxModel candidate, ModelVersion? productionVersion, LoadedModel production)
    {
        var details = Describe(candidate.Signature);
        var overlong = SignatureComparer.CheckNames(candidate.Signature);
        if (overlong.Count > 0)
        {
            return new CheckResult(Signature, CheckOutcome.Failed, $"The serving contract cannot be recorded: {string.Join("; ", overlong)}", 0, details);
        }

        if (productionVersion is null)
        {
            return new CheckResult(Signature, CheckOutcome.Passed, "Signature recorded; there is no production version whose serving contract it must keep.", 0, details);
        }

        if (production.Model is null)
        {
            return new CheckResult(Signature, CheckOutcome.Passed, $"Signature recorded; production version '{productionVersion.Version}' could not be read to compare ({production.Failure}).", 0, details);
        }

        var violations = SignatureComparer.CheckServingContract(production.Model.Signature, candidate.Signature);
        return violations.Count == 0
            ? new CheckResult(Signature, CheckOutcome.Passed, $"Keeps the serving contract of production version '{productionVersion.Version}'.", 0, details)
            : new CheckResult(Signature, CheckOutcome.Failed, $"Breaks the serving contract of production version '{productionVersion.Version}': {string.Join("; ", violations)}.", 0, details);
    }

    // Production's model, from the bytes read while the candidate was copied when they were kept, else from its vault copy.
    private async Task<LoadedModel> LoadProductionAsync(ModelVersion? production, ReadOnlyMemory<byte>? content, CheckDeadline deadline)
    {
        if (production is null)
        {
            return new LoadedModel(null, "there is no production version");
        }

        if (!IsLoadable(production))
        {
            return new LoadedModel(null, "its artifact is not an available ONNX model");
        }

        return await TryLoadAsync(production.VaultPath!, content, deadline);
    }

    private static bool IsLoadable(ModelVersion production) =>
        production.PurgedAt is null && production.VaultPath is not null && IsOnnx(production.ArtifactPath);

    // The candidate's load. Production's is under way meanwhile: when the candidate's throws (storage), production's
    // model is still disposed of, and the candidate's failure is the one that propagates.
    private async Task<LoadedModel> LoadCandidateAsync(StagingSubject subject, Task<LoadedModel> productionLoad, CheckDeadline deadline)
    {
        try
        {
            return await TryLoadAsync(subject.Fingerprint.VaultPath, subject.Content, deadline);
        }
        catch
        {
            await DiscardAsync(productionLoad);
            throw;
        }
    }

    // Production's load, no longer needed: its model is disposed of once loaded, and a failure of it is not the run's.
    private static Task DiscardAsync(Task<LoadedModel> productionLoad) =>
        productionLoad.ContinueWith(
            load =>
            {
                if (load.IsCompletedSuccessfully)
                {
                    load.Result.Dispose();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    // Loads the bytes given, or the artifact at artifactPath when there are none.
    private async Task<LoadedModel> TryLoadAsync(string artifactPath, ReadOnlyMemory<byte>? bytes, CheckDeadline deadline)
    {
        try
        {
            await using var content = bytes is { } kept ? new MemoryStream(kept.ToArray(), writable: false) : await artifacts.OpenReadAsync(artifactPath, deadline.Token);
            if (content is null)
            {
                return new LoadedModel(null, $"The artifact '{artifactPath}' no longer exists.");
            }

            return new LoadedModel(await OnnxModel.LoadAsync(content, deadline.Token), null);
        }
        catch (ModelLoadException e)
        {
            return new LoadedModel(null, e.Message);
        }
        catch (OperationCanceledException) when (deadline.HasPassed)
        {
            return new LoadedModel(null, deadline.Describe($"the artifact '{artifactPath}' was still being read or loaded into ONNX Runtime"));
        }
    }

    private static Dictionary<string, string> Describe(ModelSignature signature) => new()
    {
        ["inputs"] = string.Join(", ", signature.Inputs.Select(i => i.ToString())),
        ["outputs"] = string.Join(", ", signature.Outputs.Select(o => o.ToString())),
    };

    private static Dictionary<string, string>? Undefined(ComputedMetrics metrics) =>
        metrics.Undefined.Count == 0 ? null : metrics.Undefined.ToDictionary(u => $"undefined.{u.Key}", u => u.Value);

    private static Dictionary<string, double> Copy(IReadOnlyDictionary<string, double> metrics) => metrics.ToDictionary(m => m.Key, m => m.Value);

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static bool IsOnnx(string artifactPath) => artifactPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    private static double Elapsed(Stopwatch clock) => clock.Elapsed.TotalMilliseconds;

    private static CheckResult Skip(string name, string reason) => new(name, CheckOutcome.Skipped, reason, 0);

    private sealed record LoadedModel(OnnxModel? Model, string? Failure) : IDisposable
    {
        public void Dispose() => Model?.Dispose();
    }

    // The one time limit of a suite run, from its start: a token for what can be cancelled, and what is left
    // for the evaluator, which stops itself. Cancellation by the caller (a host shutting down) is not a timeout.
    private sealed class CheckDeadline : IDisposable
    {
        private readonly CancellationToken caller;
        private readonly CancellationTokenSource limit;
        private readonly CancellationTokenSource linked;
        private readonly long started = Stopwatch.GetTimestamp();

        public CheckDeadline(TimeSpan maxTime, CancellationToken cancellationToken)
        {
            MaxTime = maxTime;
            caller = cancellationToken;
            limit = new CancellationTokenSource(maxTime);
            linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        }

        public TimeSpan MaxTime { get; }

        public CancellationToken Token => linked.Token;

        public TimeSpan Remaining => MaxTime - Stopwatch.GetElapsedTime(started);

        public bool HasPassed => limit.IsCancellationRequested && !caller.IsCancellationRequested;

        public string Describe(string what) =>
            string.Create(CultureInfo.InvariantCulture, $"The model checks ran past their time limit of {MaxTime.TotalSeconds:0.###} s (MaxEvaluationTime): {what}.");

        public void Dispose()
        {
            linked.Dispose();
            limit.Dispose();
        }
    }
}
