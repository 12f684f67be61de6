using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Core.Errors;
using Pipeline.Core.Naming;
using Pipeline.Storage;
using Pipeline.Workflow.Configuration;

namespace Pipeline.Local.Hosting;

/// <summary>
/// <c>upload FILE MODEL/VERSION/FILENAME</c>: puts a model file into the models container of the
/// configured storage (the local Azurite by default), as any Azure Storage client would.
/// </summary>
public static class UploadCommand
{
    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length < 3)
        {
            await Console.Error.WriteLineAsync("usage: upload FILE MODEL/VERSION/FILENAME [--description TEXT]");
            return 2;
        }

        var (file, blobName) = (args[1], args[2]);
        try
        {
            ArtifactPath.Parse(blobName);
        }
        catch (InvalidUploadPathException e)
        {
            await Console.Error.WriteLineAsync($"'{blobName}' is not a valid artifact path: {e.Message}");
            return 2;
        }

        if (!File.Exists(file))
        {
            await Console.Error.WriteLineAsync($"No such file: {file}");
            return 2;
        }

        var root = LocalSettings.FindRepositoryRoot(Directory.GetCurrentDirectory());
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(LocalSettings.Load(root))
            .AddEnvironmentVariables()
            .Build();
        var local = configuration.GetSection(LocalRuntimeOptions.Section).Get<LocalRuntimeOptions>() ?? new LocalRuntimeOptions();
        var storage = configuration[SettingNames.Storage];
        if (string.IsNullOrWhiteSpace(storage) || storage.Trim() == "UseDevelopmentStorage=true")
        {
            storage = AzuriteProcess.ConnectionStringFor(new AzuritePorts(local.AzuriteBlobPort, local.AzuriteQueuePort, local.AzuriteTablePort));
        }

        var metadata = new Dictionary<string, string> { ["uploadedby"] = Environment.UserName };
        var description = Array.IndexOf(args, "--description");
        if (description > 0 && description + 1 < args.Length)
        {
            metadata["description"] = args[description + 1];
        }

        var container = new BlobServiceClient(storage).GetBlobContainerClient(StorageNames.ModelsContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await using var content = File.OpenRead(file);
        await container.GetBlobClient(blobName).UploadAsync(content, new BlobUploadOptions { Metadata = metadata }, cancellationToken);
        Console.WriteLine($"Uploaded {file} as {StorageNames.ModelsContainer}/{blobName} ({content.Length} bytes).");
        return 0;
    }
}
