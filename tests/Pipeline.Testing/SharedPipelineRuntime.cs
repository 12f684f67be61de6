using Xunit;

namespace Pipeline.Testing;

/// <summary>
/// A class fixture holding one local runtime for all the tests of a class, on the collection's Azurite
/// (which a class fixture cannot be given, so the first test starts it). Disposed after the class's last test.
/// </summary>
public sealed class SharedPipelineRuntime : IAsyncLifetime
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private PipelineRuntime? runtime;

    /// <summary>The runtime, started on <paramref name="azurite"/> with <paramref name="extraArgs"/> by the first caller.</summary>
    public async Task<PipelineRuntime> StartOnceAsync(AzuriteFixture azurite, IEnumerable<string> extraArgs)
    {
        await gate.WaitAsync();
        try
        {
            return runtime ??= await PipelineRuntime.StartAsync(azurite, extraArgs: extraArgs);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (runtime is not null)
        {
            await runtime.DisposeAsync();
        }

        gate.Dispose();
    }
}
