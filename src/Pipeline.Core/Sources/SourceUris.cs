using System.Buffers;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Sources;

/// <summary>
/// Reads a version's source URI into the container and path it names in the app's storage account. Three forms are
/// understood: the blob endpoint's own (<c>https://{account}.blob.core.windows.net/{container}/{path}</c>, or path-style
/// <c>http://127.0.0.1:10000/{account}/{container}/{path}</c> on the emulator), and the Hadoop forms MLflow writes for
/// Azure artifact stores, <c>wasbs://{container}@{account}.blob.core.windows.net/{path}</c> and
/// <c>abfss://{container}@{account}.dfs.core.windows.net/{path}</c> (the same blob, through Data Lake's endpoint).
/// </summary>
public static class SourceUris
{
    private const int MaxShown = 200;

    /// <summary>The longest source accepted: a blob name has at most 1,024 characters, and a URI adds its account and container.</summary>
    public const int MaxLength = 4096;

    private static readonly SearchValues<char> ContainerCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>The forms a source may take, for messages.</summary>
    public const string Forms =
        "https://{account}.blob.core.windows.net/{container}/{path}, wasbs://{container}@{account}.blob.core.windows.net/{path} or abfss://{container}@{account}.dfs.core.windows.net/{path}";

    /// <summary>Where <paramref name="source"/> points in <paramref name="account"/>.</summary>
    /// <exception cref="InvalidRequestException">The source is not a URI, has another scheme, or names no blob.</exception>
    /// <exception cref="UnreadableSourceException">It is in another storage account, or in a container the pipeline keeps for itself.</exception>
    public static SourceLocation Locate(string? source, SourceStorageAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new InvalidRequestException($"The source is required: the URI of the model file or MLflow model folder in the app's storage account ({Forms}).");
        }

        if (source.Length > MaxLength)
        {
            throw new InvalidRequestException($"The source has {source.Length} characters; a blob URI has at most {MaxLength}.");
        }

        if (!Uri.TryCreate(source.Trim(), UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc)
        {
            throw new InvalidRequestException($"The source '{Shorten(source)}' is not a blob URI; give one of {Forms}.");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new InvalidRequestException(
                $"The source '{Shorten(uri.GetLeftPart(UriPartial.Path))}' has a query or fragment; give the blob's URI alone. The app reads it with its own identity, so no SAS is needed, and one would be kept with the version.");
        }

        var (container, path) = uri.Scheme switch
        {
            "https" or "http" => FromBlobEndpoint(uri, account),
            "wasbs" or "wasb" => FromHadoopUri(uri, account, "blob"),
            "abfss" or "abfs" => FromHadoopUri(uri, account, "dfs"),
            _ => throw new InvalidRequestException($"The source scheme '{uri.Scheme}' is not supported: give a blob URI in the app's storage account, one of {Forms}."),
        };

        var shown = Shorten(uri.AbsoluteUri);
        if (ExplainInvalidContainer(container) is { } containerError)
        {
            throw new InvalidRequestException($"The source '{shown}' does not name a blob container: {containerError}");
        }

        var namesFolder = path.EndsWith('/');
        var segments = path.Split('/', StringSplitOptions.None);
        if (namesFolder)
        {
            segments = segments[..^1];
        }

        if (segments.Length == 0 || segments.Any(s => s.Length == 0 || s is "." or ".." || s.Any(char.IsControl)))
        {
            throw new InvalidRequestException(
                $"The source '{shown}' does not name a blob or folder in container '{container}': its path must be non-empty, with no empty, '.' or '..' segments.");
        }

        if (account.ExplainInternal(container) is { } internalError)
        {
            throw new UnreadableSourceException($"The source '{shown}' cannot be registered from. {internalError}");
        }

        // A source naming the MLmodel file means the model folder it describes, as MLflow's own tools take it.
        if (segments[^1] == MlflowModelFile.FileName && segments.Length > 1)
        {
            return new SourceLocation(uri.AbsoluteUri, container, string.Join('/', segments[..^1]), NamesFolder: true);
        }

        return new SourceLocation(uri.AbsoluteUri, container, string.Join('/', segments), namesFolder);
    }

    private static (string Container, string Path) FromBlobEndpoint(Uri uri, SourceStorageAccount account)
    {
        if (uri.UserInfo.Length > 0)
        {
            throw new InvalidRequestException($"The source '{Shorten(uri.GetLeftPart(UriPartial.Path))}' carries user information; give the blob's URI alone.");
        }

        var endpoint = account.BlobServiceUri;
        var sameHost = string.Equals(uri.IdnHost, endpoint.IdnHost, StringComparison.OrdinalIgnoreCase) && uri.Port == endpoint.Port;
        var prefix = "/" + endpoint.AbsolutePath.Trim('/');
        prefix = prefix.Length == 1 ? "/" : prefix + "/";
        if (!sameHost || !uri.AbsolutePath.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw OtherAccount(uri, NamedAccount(uri), account);
        }

        var rest = uri.AbsolutePath[prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? (Uri.UnescapeDataString(rest), string.Empty)
            : (Uri.UnescapeDataString(rest[..slash]), Uri.UnescapeDataString(rest[(slash + 1)..]));
    }

    private static (string Container, string Path) FromHadoopUri(Uri uri, SourceStorageAccount account, string service)
    {
        var labels = uri.Host.Split('.');
        if (uri.UserInfo.Length == 0 || labels.Length < 3 || labels[1] != service || uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            throw new InvalidRequestException(
                $"The source '{Shorten(uri.AbsoluteUri)}' is not a {uri.Scheme} URI of a blob: it is written {uri.Scheme}://{{container}}@{{account}}.{service}.core.windows.net/{{path}}.");
        }

        var named = labels[0];
        // An account name is unique in its cloud, so name and endpoint suffix identify it. The emulator has no DNS name of
        // its own: there the name alone does, as MLflow writes these URIs with the public suffix whatever the endpoint.
        var suffix = string.Join('.', labels[2..]);
        var sameAccount = string.Equals(named, account.AccountName, StringComparison.OrdinalIgnoreCase)
            && (account.IsPathStyle || string.Equals(suffix, EndpointSuffix(account.BlobServiceUri), StringComparison.OrdinalIgnoreCase));
        if (!sameAccount)
        {
            throw OtherAccount(uri, named, account);
        }

        return (Uri.UnescapeDataString(uri.UserInfo), Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')));
    }

    private static string? EndpointSuffix(Uri endpoint)
    {
        var labels = endpoint.Host.Split('.');
        return labels.Length >= 3 && labels[1] == "blob" ? string.Join('.', labels[2..]) : null;
    }

    // The account a URI of the blob endpoint's form names: the host's first label, or the path's first segment on an emulator.
    private static string NamedAccount(Uri uri)
    {
        var labels = uri.Host.Split('.');
        if (labels.Length >= 3 && labels[1] == "blob")
        {
            return labels[0];
        }

        var first = uri.AbsolutePath.Trim('/').Split('/')[0];
        return uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || uri.IsLoopback ? first : uri.Host;
    }

    private static UnreadableSourceException OtherAccount(Uri uri, string named, SourceStorageAccount account) => new(
        $"The source '{Shorten(uri.AbsoluteUri)}' is not in the app's storage account '{account.AccountName}' ({account.BlobServiceUri.GetLeftPart(UriPartial.Authority)}) but names '{Shorten(named)}'. The pipeline reads sources from its own account only: copy the model there first.");

    /// <summary>Why <paramref name="container"/> is not a blob container name, or null when it is one.</summary>
    public static string? ExplainInvalidContainer(string container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (container is "$root" or "$web" or "$logs")
        {
            return null;
        }

        return container.Length is < 3 or > 63
                || container.AsSpan().IndexOfAnyExcept(ContainerCharacters) >= 0
                || container[0] == '-' || container[^1] == '-' || container.Contains("--", StringComparison.Ordinal)
            ? $"a container name is 3 to 63 lowercase letters, digits and single inner hyphens; '{Shorten(container)}' is not."
            : null;
    }

    private static string Shorten(string value) => value.Length <= MaxShown ? value : string.Concat(value.AsSpan(0, MaxShown - 3), "...");
}
