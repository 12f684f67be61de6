using Pipeline.Core.Registry;

namespace Pipeline.Evaluation.Signatures;

/// <summary>Decides whether a candidate model can replace production without changing what serving clients send or read.</summary>
public static class SignatureComparer
{
    /// <summary>
    /// Lists every way <paramref name="candidate"/> breaks the serving contract of <paramref name="production"/>;
    /// empty when it keeps it. Inputs may not be removed, retyped (kind, element type, rank) or narrowed (a
    /// dimension fixed to a different size), and no input may be added, because clients only send what
    /// production takes. Outputs may not be removed or retyped; added outputs are harmless.
    /// </summary>
    public static IReadOnlyList<string> CheckServingContract(ModelSignature production, ModelSignature candidate)
    {
        ArgumentNullException.ThrowIfNull(production);
        ArgumentNullException.ThrowIfNull(candidate);

        var violations = new List<string>();
        CompareKept("Input", production.Inputs, candidate.FindInput, "clients still send it", violations, CompareInputDimensions);
        foreach (var added in candidate.Inputs.Where(i => production.FindInput(i.Name) is null))
        {
            violations.Add($"Input '{added.Name}' ({added}) was added; clients do not send it.");
        }

        CompareKept("Output", production.Outputs, candidate.FindOutput, "clients still read it", violations, compareMore: null);
        return violations;
    }

    // Each tensor production has must still be there, of the same type (and, for inputs, no narrower).
    private static void CompareKept(
        string role,
        IEnumerable<TensorSpec> expectedTensors,
        Func<string, TensorSpec?> find,
        string stillUsed,
        List<string> violations,
        Action<TensorSpec, TensorSpec, List<string>>? compareMore)
    {
        foreach (var expected in expectedTensors)
        {
            if (find(expected.Name) is not { } actual)
            {
                violations.Add($"{role} '{expected.Name}' ({expected}) was removed; {stillUsed}.");
                continue;
            }

            CompareTypes(role, expected, actual, violations);
            compareMore?.Invoke(expected, actual, violations);
        }
    }

    /// <summary>
    /// Lists every input or output of <paramref name="signature"/> whose name is longer than
    /// <see cref="ModelSignature.MaxNameLength"/>, quoting only its start; empty when every name fits.
    /// </summary>
    public static IReadOnlyList<string> CheckNames(ModelSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return
        [
            .. Overlong("Input", signature.Inputs),
            .. Overlong("Output", signature.Outputs),
        ];

        static IEnumerable<string> Overlong(string role, IEnumerable<TensorSpec> specs) => specs
            .Where(spec => spec.Name.Length > ModelSignature.MaxNameLength)
            .Select(spec => $"{role} '{BoundedText.Shorten(spec.Name, 40)}' has a name of {spec.Name.Length} characters; names may have at most {ModelSignature.MaxNameLength}.");
    }

    private static void CompareTypes(string role, TensorSpec expected, TensorSpec actual, List<string> violations)
    {
        if (expected.Kind != actual.Kind || expected.ElementType != actual.ElementType)
        {
            violations.Add($"{role} '{expected.Name}' changed type from {expected.Kind}({expected.ElementType}) to {actual.Kind}({actual.ElementType}).");
        }
        else if (expected.Rank != actual.Rank)
        {
            violations.Add($"{role} '{expected.Name}' changed rank from {expected.Rank} to {actual.Rank} ({expected} to {actual}).");
        }
    }

    // Only inputs: a client sends production-shaped data, so a candidate may accept more (a fixed size made
    // symbolic) but not less. Output dimensions are left to the type check; consumers read what comes back.
    private static void CompareInputDimensions(TensorSpec expected, TensorSpec actual, List<string> violations)
    {
        if (expected.Kind != TensorKinds.Tensor || expected.Rank != actual.Rank)
        {
            return;
        }

        for (var i = 0; i < expected.Rank; i++)
        {
            long was = expected.Shape[i], now = actual.Shape[i];
            if (now >= 0 && was != now)
            {
                violations.Add(was < 0
                    ? $"Input '{expected.Name}' fixes dimension {i} to {now}; production accepts any size."
                    : $"Input '{expected.Name}' changed dimension {i} from {was} to {now}.");
            }
        }
    }
}
