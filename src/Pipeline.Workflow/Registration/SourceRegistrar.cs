using System.Globalization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Access;
using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Core.Sources;
using Pipeline.Core.Uploads;
using Pipeline.Workflow.Uploads;

namespace Pipeline.Workflow.Registration;

/// <summary>
/// Registers a version from a blob URI in the app's storage account, exactly as an upload is registered: the source is
/// copied into the uploads container as <c>{model}/{label}/{file}</c> through an upload intent of the caller's (who so
/// becomes its verified uploader, and by separation of duties cannot approve it), and the copy is handed to the
/// <see cref="UploadRegistrar"/>, which adds the version and starts its round of tests. The label is the version's number.
/// A source that cannot be read becomes a version in <see cref="VersionState.RegistrationFailed"/> with the reason.
/// </summary>
public sealed partial class SourceRegistrar(
    IRegistryStore registry,
    IArtifactStore artifacts,
    IArtifactSources sources,
    SourceResolver resolver,
    UploadIntents intents,
    UploadRegistrar uploads,
    TimeProvider clock,
    ILogger<SourceRegistrar> logger)
{
    // Each lost attempt is another writer taking the label first, which the next attempt sees.
    private const int MaxAttempts = 8;

    // How far past the model's last number a free label is looked for, among labels uploads have taken.
    private const int MaxLabelSearch = 1000;

    /// <summary>Registers the version <paramref name="request"/> describes and returns it as the registry holds it.</summary>
    /// <exception cref="InvalidNameException">The model name breaks the naming rules.</exception>
    /// <exception cref="ModelNotFoundException">The model does not exist.</exception>
    /// <exception cref="InvalidRequestException">The source is not a blob URI.</exception>
    public async Task<ModelVersion> CreateAsync(DurableTaskClient client, SourceVersionRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var model = ModelVersionKey.ValidateModel(request.Model);
        _ = await registry.FindModelAsync(model, cancellationToken) ?? throw new ModelNotFoundException(model);

        ResolvedSource source;
        try
        {
            source = await resolver.ResolveAsync(request.Source, cancellationToken);
        }
        catch (UnreadableSourceException e)
        {
            return await AddFailedAsync(model, request, SourceUri(request.Source), null, caller, e.Reason, cancellationToken);
        }

        var metadata = SourceMetadata.For(source.Location.Uri, request.Description, request.RunId, source.Mlflow);
        var label = 0;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            label = await NextFreeLabelAsync(model, label + 1, cancellationToken);
            ArtifactPath path;
            try
            {
                path = ArtifactPath.Parse($"{model}/{Label(label)}/{source.Artifact.FileName}");
            }
            catch (InvalidUploadPathException e)
            {
                return await AddFailedAsync(model, request, source.Location.Uri, metadata, caller, e.Message, cancellationToken);
            }

            try
            {
                // The intent comes first: it is what makes the copy's registration record the caller as its verified uploader.
                await intents.CreateAsync(path, caller, cancellationToken);
            }
            catch (Exception e) when (e is VersionStateConflictException or UploadIntentHeldException)
            {
                continue;
            }

            string? copied;
            try
            {
                copied = await sources.CopyAsync(source.Artifact, path.BlobName, metadata, cancellationToken);
            }
            catch (UnreadableSourceException e)
            {
                return await AddFailedAsync(model, request, source.Location.Uri, metadata, caller, e.Reason, cancellationToken);
            }

            if (copied is null)
            {
                continue;
            }

            // The upload watcher or blob trigger may see the copy first; either way the registry's add decides once.
            await uploads.HandleAsync(client, path.BlobName, cancellationToken);
            if (await registry.FindVersionAsync(model, path.Key.Version, cancellationToken) is not { } version || version.ArtifactPath != path.BlobName)
            {
                // Another upload reached this version folder at the same moment and became the version: this copy was not registered.
                await sources.DeleteCopyAsync(path.BlobName, copied, cancellationToken);
                continue;
            }

            // The number is the registry's, given when the version was added: it differs from the label when another upload
            // was added in between. That is acceptable: the version is returned as registered, label and number both kept.
            LogRegistered(logger, model, version.Version, version.Number, source.Location.Uri);
            return await SaveOwnerFieldsAsync(version, request, cancellationToken);
        }

        throw new ConcurrencyConflictException(
            $"Model '{model}' kept getting new versions while one was registered from '{source.Location.Uri}'; try again.",
            new InvalidOperationException($"{MaxAttempts} labels were taken by other writers first."));
    }

    private async Task<ModelVersion> AddFailedAsync(
        string model, SourceVersionRequest request, string uri, IReadOnlyDictionary<string, string>? metadata, Caller caller, string reason, CancellationToken cancellationToken)
    {
        var label = 0;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            label = await NextFreeLabelAsync(model, label + 1, cancellationToken);
            var now = clock.GetUtcNow();
            var failed = new ModelVersion
            {
                Model = model,
                Version = Label(label),
                State = VersionState.RegistrationFailed,
                StateReason = reason,
                ArtifactPath = request.Source,
                SizeBytes = 0,
                BlobETag = string.Empty,
                Metadata = metadata ?? SourceMetadata.For(uri, request.Description, request.RunId, null),
                Description = request.Description,
                Tags = request.Tags,
                // Nobody uploaded anything: the verified caller who asked is recorded, as an intent's holder would be.
                UploadedBy = new Uploader(caller.Id, caller.Name, Verified: true),
                RegisteredAt = now,
                UpdatedAt = now,
            };
            var entry = HistoryEntry.ForRegistration(failed, caller.Name, $"Registration from '{request.Source}' failed: {reason}");
            var row = await registry.FindModelAsync(model, cancellationToken);
            if (await registry.TryAddVersionAsync(failed, entry, row, cancellationToken) is { } added)
            {
                LogFailed(logger, model, added.Version, added.Number, reason);
                return added;
            }
        }

        throw new ConcurrencyConflictException(
            $"Model '{model}' kept getting new versions while a failed registration from '{request.Source}' was recorded; try again.",
            new InvalidOperationException($"{MaxAttempts} labels were taken by other writers first."));
    }

    // The workflow's round writes the version row too, so the owner's fields are saved on a fresh read until one write holds.
    private async Task<ModelVersion> SaveOwnerFieldsAsync(ModelVersion version, SourceVersionRequest request, CancellationToken cancellationToken)
    {
        if (request.Description is null && request.Tags.Count == 0)
        {
            return await registry.FindVersionAsync(version.Model, version.Version, cancellationToken) ?? version;
        }

        for (var attempt = 1; ; attempt++)
        {
            var current = await registry.FindVersionAsync(version.Model, version.Version, cancellationToken)
                ?? throw new InvalidOperationException($"Version {version.Model}/{version.Version} was registered but cannot be read.");
            var tags = new Dictionary<string, string>(current.Tags);
            foreach (var (key, value) in request.Tags)
            {
                tags[key] = value;
            }

            try
            {
                await registry.SaveVersionAsync(current with { Description = request.Description ?? current.Description, Tags = tags }, cancellationToken);
                return await registry.FindVersionAsync(version.Model, version.Version, cancellationToken) ?? current;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // The round moved the version on between the read and the write: read it again.
            }
        }
    }

    // The first label from the model's next number on that no version holds and no upload has started to fill.
    private async Task<int> NextFreeLabelAsync(string model, int atLeast, CancellationToken cancellationToken)
    {
        var last = (await registry.FindModelAsync(model, cancellationToken))?.LastNumber ?? 0;
        var first = Math.Max(last + 1, atLeast);
        for (var number = first; number < first + MaxLabelSearch; number++)
        {
            if (await registry.FindVersionAsync(model, Label(number), cancellationToken) is null
                && (await artifacts.ListUploadsAsync($"{model}/{Label(number)}/", cancellationToken)).Count == 0)
            {
                return number;
            }
        }

        throw new InvalidOperationException($"No free version label was found for model '{model}' among {MaxLabelSearch} numbers from {first}.");
    }

    private static string Label(int number) => number.ToString(CultureInfo.InvariantCulture);

    private static string SourceUri(string source) =>
        Uri.TryCreate(source.Trim(), UriKind.Absolute, out var uri) ? uri.AbsoluteUri : source;

    [LoggerMessage(Level = LogLevel.Information, Message = "Version {Model}/{Version} (number {Number}) registered from {Source}.")]
    private static partial void LogRegistered(ILogger logger, string model, string version, int number, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Version {Model}/{Version} (number {Number}) failed registration: {Reason}")]
    private static partial void LogFailed(ILogger logger, string model, string version, int number, string reason);
}
