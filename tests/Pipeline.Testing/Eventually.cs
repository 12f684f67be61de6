namespace Pipeline.Testing;

/// <summary>Polls for an outcome the system reaches asynchronously, failing with a description when it does not.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until it returns a value satisfying <paramref name="done"/>; returns that value.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}; last seen: {last}");
            }

            await Task.Delay(100);
        }
    }
}
