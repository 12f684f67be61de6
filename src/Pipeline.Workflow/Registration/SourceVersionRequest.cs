namespace Pipeline.Workflow.Registration;

/// <summary>A request to register a new version of a model from a blob already in the app's storage account.</summary>
/// <param name="Model">The model, which must exist.</param>
/// <param name="Source">The blob's URI (or an MLflow model folder's): see <see cref="Core.Sources.SourceUris"/> for the forms.</param>
/// <param name="Description">What the version is, if said.</param>
/// <param name="Tags">Tags to keep on the version.</param>
/// <param name="RunId">The MLflow run that produced it, if said (else the MLmodel's <c>run_id</c>).</param>
public sealed record SourceVersionRequest(string Model, string Source, string? Description, IReadOnlyDictionary<string, string> Tags, string? RunId);
