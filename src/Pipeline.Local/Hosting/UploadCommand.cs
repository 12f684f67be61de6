using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Core.Errors;
using Pipeline.Core.Naming;
using Pipeline.Storage;

namespace Pipeline.Local.Hosting;

/// <summary>
/// <c>upload FILE MODEL/VERSION/FILENAME [--description TEXT]</c> puts a model file into the models
/// container of the configured storage (the local Azurite by default), as any Azure Storage client
/// would; <c>upload FILE NAME --container datasets</c> puts an evaluation dataset in place. With
/// <c>--intent [--api URL] [--name NAME | --token TOKEN]</c> it asks the running pipeline's API for an upload
/// intent, writes the file through the URL it answers, so the version records a verified uploader, and tells the
/// pipeline it is there (POST /api/uploads), which registers it at once.
/// </summary>
public static class UploadCommand
{
    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length < 3)
        {
            await Console.Error.WriteLineAsync(
                "usage: upload FILE MODEL/VERSION/FILENAME [--description TEXT] [--intent [--api URL] [--name NAME | --token TOKEN]] | upload FILE NAME --container datasets");
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

        if (args.Contains("--intent"))
        {
            var api = CommandArguments.Option(args, "--api") ?? LocalRuntime.DefaultUrl;
            return await UploadThroughIntentAsync(api, ArtifactPath.Parse(blobName), file, args, metadata, cancellationToken);
        }

        var container = new BlobServiceClient(storage).GetBlobContainerClient(containerName);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await using var content = File.OpenRead(file);
        await container.GetBlobClient(blobName).UploadAsync(content, new BlobUploadOptions { Metadata = metadata }, cancellationToken);
        Console.WriteLine($"Uploaded {file} as {containerName}/{blobName} ({content.Length} bytes).");
        return 0;
    }

    // The API says who may write where: the file goes to the URL of the intent, and the caller becomes its verified uploader.
    private static async Task<int> UploadThroughIntentAsync(
        string api, ArtifactPath path, string file, string[] args, Dictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        // One request for the whole command run: a short-lived process has no client to reuse.
        using var http = new HttpClient { BaseAddress = new Uri(api.TrimEnd('/') + "/") };
        if (CommandArguments.Option(args, "--token") is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (CommandArguments.Option(args, "--name") is { } name)
        {
            http.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL-NAME", name);
        }

        // The intent names the uploader; the local user name would only add a claim beside it.
        metadata.Remove("uploadedby");

        using var response = await http.PostAsJsonAsync(
            $"api/models/{path.Key.Model}/versions/{path.Key.Version}/uploads", new { fileName = path.FileName }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            await Console.Error.WriteLineAsync($"The API refused the upload intent ({(int)response.StatusCode}): {body}");
            return 1;
        }

        var intent = JsonNode.Parse(body)!;
        var blob = new BlobClient(new Uri(intent["uploadUrl"]!.GetValue<string>()));
        await using var content = File.OpenRead(file);
        await blob.UploadAsync(content, new BlobUploadOptions { Metadata = metadata }, cancellationToken);
        Console.WriteLine($"Uploaded {file} as {StorageNames.ModelsContainer}/{path.BlobName} ({content.Length} bytes) through an upload intent (its URL works until {intent["expiresAt"]}).");

        // Registered now, not at the watcher's next scan; a refusal is the command's failure, with its reason.
        using var notice = await http.PostAsJsonAsync("api/uploads", new { blobPath = path.BlobName }, cancellationToken);
        if (notice.StatusCode != HttpStatusCode.Accepted)
        {
            await Console.Error.WriteLineAsync($"The pipeline did not register the upload ({(int)notice.StatusCode}): {await notice.Content.ReadAsStringAsync(cancellationToken)}");
            return 1;
        }

        return 0;
    }
}
