namespace Pipeline.Core.Registry;

/// <summary>Where evaluation datasets live (the <c>datasets</c> container).</summary>
public interface IDatasetStore
{
    /// <summary>Opens a dataset for a streaming read, or returns null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken);
}
