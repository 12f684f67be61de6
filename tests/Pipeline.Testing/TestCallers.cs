using Pipeline.Core.Access;

namespace Pipeline.Testing;

/// <summary>Verified callers for tests that call the services directly, below the API.</summary>
public static class TestCallers
{
    /// <summary>A caller named <paramref name="name"/> with id <c>test:{name}</c>, holding every role.</summary>
    public static Caller Named(string name) => new($"test:{name}", name, PipelineRoles.All);
}
