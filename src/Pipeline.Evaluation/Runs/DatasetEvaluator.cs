using Pipeline.Core.Policies;
using Pipeline.Evaluation.Datasets;
using Pipeline.Evaluation.Metrics;
using Pipeline.Evaluation.Scoring;

namespace Pipeline.Evaluation.Runs;

/// <summary>
/// Evaluates a model on a labelled CSV dataset: reads it in batches, scores each batch and feeds the task's
/// metrics, holding one batch at a time (plus the scores ROC AUC keeps, about 5 bytes a row), never the file.
/// </summary>
public static class DatasetEvaluator
{
    private const int MaxNamesInMessage = 20;

    /// <summary>Evaluates <paramref name="scorer"/> on <paramref name="dataset"/> as <paramref name="spec"/> says.</summary>
    /// <param name="scorer">The model to evaluate; its task must be <paramref name="spec"/>'s.</param>
    /// <param name="dataset">The CSV, read forward once from its current position and left open.</param>
    /// <param name="spec">The label and feature columns, the task, and for binary classification the threshold.</param>
    /// <param name="options">Batch size, latency sample size and deadline.</param>
    /// <param name="cancellationToken">Cancels the evaluation between batches or during a read.</param>
    /// <exception cref="DatasetException">The dataset is empty, malformed, lacks a column, or holds a value the task cannot use.</exception>
    /// <exception cref="ScoringException">The dataset's feature count is not the model's, or the model cannot score a batch.</exception>
    /// <exception cref="InvalidModelOutputException">The model scored a row NaN (or, for regression, not finite).</exception>
    /// <exception cref="EvaluationTimeoutException">The evaluation ran past <see cref="DatasetEvaluationOptions.Deadline"/>.</exception>
    public static async Task<DatasetEvaluation> EvaluateAsync(
        OnnxScorer scorer,
        Stream dataset,
        EvaluationSpec spec,
        DatasetEvaluationOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        CheckArguments(dataset, spec, options);
        CheckTask(scorer, spec, nameof(scorer));

        var run = await RunAsync([new Participant(scorer, Role: null)], dataset, spec, options, cancellationToken);
        return run.Evaluation;
    }

    /// <summary>
    /// Evaluates a candidate and the production model on the same rows in one read of <paramref name="dataset"/>,
    /// so a champion/challenger comparison reads (and downloads) the dataset once and both models see
    /// exactly the same batches.
    /// </summary>
    /// <remarks>Errors caused by one of the models name it (candidate or production) in their message.</remarks>
    /// <exception cref="DatasetException">The dataset is empty, malformed, lacks a column, or holds a value the task cannot use.</exception>
    /// <exception cref="ScoringException">The dataset's feature count is not a model's, or a model cannot score a batch.</exception>
    /// <exception cref="InvalidModelOutputException">A model scored a row NaN (or, for regression, not finite).</exception>
    /// <exception cref="EvaluationTimeoutException">The evaluation ran past <see cref="DatasetEvaluationOptions.Deadline"/>.</exception>
    public static async Task<DatasetEvaluationPair> EvaluatePairAsync(
        OnnxScorer candidate,
        OnnxScorer production,
        Stream dataset,
        EvaluationSpec spec,
        DatasetEvaluationOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(production);
        CheckArguments(dataset, spec, options);
        CheckTask(candidate, spec, nameof(candidate));
        CheckTask(production, spec, nameof(production));

        var run = await RunAsync(
            [new Participant(candidate, "candidate"), new Participant(production, "production")],
            dataset,
            spec,
            options,
            cancellationToken);
        return new DatasetEvaluationPair(run.Evaluation, run.Metrics[1]);
    }

    private static async Task<Run> RunAsync(
        Participant[] participants,
        Stream dataset,
        EvaluationSpec spec,
        DatasetEvaluationOptions options,
        CancellationToken cancellationToken)
    {
        var clock = options.TimeProvider;
        var started = clock.GetTimestamp();

        // Checking the clock between batches cannot stop a read that stalls (a blob download that hangs), so
        // the deadline also cancels the reads themselves.
        using var deadlineSource = options.Deadline is { } limit ? new CancellationTokenSource(limit, clock) : null;
        using var linkedSource = deadlineSource is null
            ? null
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadlineSource.Token);
        var token = linkedSource?.Token ?? cancellationToken;

        // Checking between batches cannot stop one run that takes minutes either: the deadline stops the runs too.
        var terminations = participants.Select(p => p.Scorer.TerminateRunsWhen(token)).ToList();
        long rows = 0;
        try
        {
            using var reader = await CsvDatasetReader.OpenAsync(dataset, spec.Label, spec.Features, options.BatchSize, token);
            var featureCount = reader.FeatureNames.Count;
            foreach (var participant in participants)
            {
                CheckWidth(participant, reader.FeatureNames);
            }

            var threshold = spec.Threshold ?? EvaluationSpec.DefaultThreshold;
            var accumulators = participants.Select(p => new TaskMetricsAccumulator(spec.Task, threshold)).ToArray();
            // Bounded by the sample limit, not by the rows asked for: rows × a wide dataset's columns can be gigabytes.
            var latencyRows = options.LatencyRowsThatFit(featureCount);
            var sample = new float[latencyRows * featureCount];
            var sampleRows = 0;

            await foreach (var batch in reader.ReadBatchesAsync(token))
            {
                token.ThrowIfCancellationRequested();
                if (options.Deadline is { } deadline && clock.GetElapsedTime(started) > deadline)
                {
                    throw new EvaluationTimeoutException(deadline, rows);
                }

                var features = batch.Features.AsSpan(0, batch.Rows * featureCount);
                var labels = batch.Labels.AsSpan(0, batch.Rows);
                for (var i = 0; i < participants.Length; i++)
                {
                    Score(participants[i], accumulators[i], batch, features, labels, featureCount, token);
                }

                if (sampleRows < latencyRows)
                {
                    var take = Math.Min(latencyRows - sampleRows, batch.Rows);
                    features[..(take * featureCount)].CopyTo(sample.AsSpan(sampleRows * featureCount));
                    sampleRows += take;
                }

                rows += batch.Rows;
            }

            if (sampleRows < latencyRows)
            {
                Array.Resize(ref sample, sampleRows * featureCount);
            }

            var metrics = accumulators.Select(a => a.Compute()).ToArray();
            var evaluation = new DatasetEvaluation(metrics[0], rows, featureCount, reader.FeatureNames, sample, sampleRows);
            return new Run(evaluation, metrics);
        }
        catch (OperationCanceledException e) when (deadlineSource is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            throw new EvaluationTimeoutException(options.Deadline!.Value, rows, e);
        }
        finally
        {
            terminations.ForEach(t => t.Dispose());
        }
    }

    private static void Score(
        Participant participant,
        TaskMetricsAccumulator accumulator,
        DatasetBatch batch,
        ReadOnlySpan<float> features,
        ReadOnlySpan<float> labels,
        int featureCount,
        CancellationToken cancellationToken)
    {
        try
        {
            var scored = participant.Scorer.ScoreBatch(features, batch.Rows, featureCount, cancellationToken);
            accumulator.Add(scored, labels, batch.FirstRowNumber);
        }
        catch (ScoringException e) when (participant.Role is not null)
        {
            throw new ScoringException($"The {participant.Role} model: {e.Message}", e);
        }
        catch (InvalidModelOutputException e) when (participant.Role is not null)
        {
            throw new InvalidModelOutputException($"The {participant.Role} model: {e.Message}", e.Row);
        }
    }

    // Before the first batch: a width mismatch found by the runtime mid-file would read as a model failure
    // and would have cost a batch of parsing; here it names both counts and the columns that were taken.
    private static void CheckWidth(Participant participant, IReadOnlyList<string> featureNames)
    {
        var scorer = participant.Scorer;
        if (scorer.FeatureCount is not { } declared || declared == featureNames.Count)
        {
            return;
        }

        var model = participant.Role is null ? "The model" : $"The {participant.Role} model";
        var names = featureNames.Count <= MaxNamesInMessage
            ? string.Join(", ", featureNames)
            : string.Join(", ", featureNames.Take(MaxNamesInMessage)) + $" and {featureNames.Count - MaxNamesInMessage} more";
        throw new ScoringException(
            $"{model}'s input '{scorer.InputName}' takes {declared} features per row, but the dataset has {featureNames.Count} feature columns ({names}). " +
            "List the model's features, in its order, in the policy's evaluation features.");
    }

    private static void CheckArguments(Stream dataset, EvaluationSpec spec, DatasetEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
    }

    private static void CheckTask(OnnxScorer scorer, EvaluationSpec spec, string parameterName)
    {
        if (scorer.EvaluationTask != spec.Task)
        {
            throw new ArgumentException(
                $"The scorer reads scores for {scorer.EvaluationTask}, but the evaluation is {spec.Task}; build the scorer for the evaluation's task.",
                parameterName);
        }
    }

    private sealed record Participant(OnnxScorer Scorer, string? Role);

    private sealed record Run(DatasetEvaluation Evaluation, ComputedMetrics[] Metrics);
}
