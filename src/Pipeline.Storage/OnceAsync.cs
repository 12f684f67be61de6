namespace Pipeline.Storage;

/// <summary>Runs an idempotent setup step (create a table or container) once per process, retrying after a failure.</summary>
internal sealed class OnceAsync(Func<CancellationToken, Task> action)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool done;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (done)
        {
            return;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!done)
            {
                await action(cancellationToken);
                done = true;
            }
        }
        finally
        {
            gate.Release();
        }
    }
}
