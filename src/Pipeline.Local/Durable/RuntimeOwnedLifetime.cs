namespace Pipeline.Local.Durable;

/// <summary>A host lifetime that listens to no signal: the host runs until its owner stops it.</summary>
internal sealed class RuntimeOwnedLifetime : IHostLifetime
{
    /// <inheritdoc />
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
