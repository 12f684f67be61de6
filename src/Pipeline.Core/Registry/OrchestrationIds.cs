using System.Globalization;
using Pipeline.Core.Naming;

namespace Pipeline.Core.Registry;

/// <summary>
/// The orchestration instance id for each round of tests of a version. Deterministic, so that
/// starting the same round twice names the same instance and is refused by the engine.
/// </summary>
public static class OrchestrationIds
{
    /// <summary>The instance id for <paramref name="attempt"/> of <paramref name="key"/>.</summary>
    public static string For(ModelVersionKey key, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{key.Model}:{key.Version}:{attempt}");
}
