using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Core.Errors;
using Pipeline.Core.Naming;
using Pipeline.Storage;

namespace Pipeline.Local.Hosting;

/// <summary>
/// <c>upload FILE MODEL/VERSION/FILENAME [--description TEXT]</c> puts a model file into the models
/// container of the configured storage (the local Azurite by default), as any Azure Storage client
/// would; <c>upload FILE NAME --container datasets</c> puts an evaluation dataset in place.
/// </summary>
public static class UploadCommand
{
    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length < 3)
        {
            await Console.Error.WriteLineAsync("usage: upload FILE MODEL/VERSION/FILENAME [--description TEXT] | upload FILE NAME --container datasets");
            return 2;
        }

        var (file, blobName) = (args[1], args[2]);
        var containerName = CommandArguments.Option(args, "--container") ?? StorageNames.ModelsContainer;
        if (containerName is not (StorageNames.ModelsContainer or StorageNames.DatasetsContainer))
        {
            await Console.Error.WriteLineAsync($"--container is '{StorageNames.ModelsContainer}' (the default) or '{StorageNames.DatasetsContainer}'.");
            return 2;
        }

        try
        {
            if (containerName == StorageNames.ModelsContainer)
            {
                ArtifactPath.Parse(blobName);
            }
        }
        catch (InvalidUploadPathException e)
        {
            await Console.Error.WriteLineAsync($"'{blobName}' is not a valid artifact path: {e.Message}");
            return 2;
        }

        // 'dotnet run --project src/Pipeline.Local' runs in the project folder; a path given from the
        // repository root, as the README does, is found there too.
        var root = LocalSettings.FindRepositoryRoot(Directory.GetCurrentDirectory());
        if (!File.Exists(file) && !Path.IsPathRooted(file) && File.Exists(Path.Combine(root, file)))
        {
            file = Path.Combine(root, file);
        }

        if (!File.Exists(file))
        {
            await Console.Error.WriteLineAsync($"No such file: {file}");
            return 2;
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(LocalSettings.Load(root))
            .AddEnvironmentVariables()
            .Build();
        var storage = LocalRuntimeOptions.ConfiguredStorage(configuration)
            ?? AzuriteProcess.ConnectionStringFor(LocalRuntimeOptions.From(configuration).AzuritePorts);

        var metadata = new Dictionary<string, string> { ["uploadedby"] = Environment.UserName };
        if (CommandArguments.Option(args, "--description") is { } description)
        {
            metadata["description"] = description;
        }

        var container = new BlobServiceClient(storage).GetBlobContainerClient(containerName);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await using var content = File.OpenRead(file);
        await container.GetBlobClient(blobName).UploadAsync(content, new BlobUploadOptions { Metadata = metadata }, cancellationToken);
        Console.WriteLine($"Uploaded {file} as {containerName}/{blobName} ({content.Length} bytes).");
        return 0;
    }
}
