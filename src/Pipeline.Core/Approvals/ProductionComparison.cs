namespace Pipeline.Core.Approvals;

/// <summary>How a version differs from the model's production version: what an approver weighs.</summary>
/// <param name="ProductionVersion">The production version compared with, or null when the model has none.</param>
/// <param name="Signature">
/// The inputs and outputs side by side, or null when either side's signature is unknown (no production version, or a
/// version whose load check did not record one).
/// </param>
/// <param name="Metrics">The version's evaluation metrics, each beside production's where it is known.</param>
public sealed record ProductionComparison(string? ProductionVersion, SignatureComparison? Signature, IReadOnlyList<MetricComparison> Metrics);

/// <summary>The serving contract of a version beside production's.</summary>
/// <param name="Same">True when every input and output is unchanged.</param>
/// <param name="Inputs">Every input of either side, the version's first.</param>
/// <param name="Outputs">Every output of either side, the version's first.</param>
public sealed record SignatureComparison(bool Same, IReadOnlyList<TensorComparison> Inputs, IReadOnlyList<TensorComparison> Outputs);

/// <summary>One input or output on both sides.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Candidate">The version's type and shape (<c>float[-1,4]</c>), or null when it has no such tensor.</param>
/// <param name="Production">Production's, or null when production has no such tensor.</param>
/// <param name="Change">How it changed.</param>
public sealed record TensorComparison(string Name, string? Candidate, string? Production, TensorChange Change);

/// <summary>One metric of the version beside production's.</summary>
/// <param name="Name">The metric (<c>accuracy</c>, <c>rocAuc</c>, <c>rmse</c>, …).</param>
/// <param name="Candidate">The version's value.</param>
/// <param name="Production">Production's value, or null when it is not known.</param>
/// <param name="Difference">The version's value minus production's, or null.</param>
/// <param name="Basis">Where production's value comes from.</param>
public sealed record MetricComparison(string Name, double Candidate, double? Production, double? Difference, MetricBasis Basis);
