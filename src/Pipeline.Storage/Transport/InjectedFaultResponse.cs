using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;

namespace Pipeline.Storage.Transport;

/// <summary>The answer an injected 5xx fault gives in place of storage's: no body, the error code in <c>x-ms-error-code</c>.</summary>
internal sealed class InjectedFaultResponse(int status, string errorCode, string clientRequestId) : Response
{
    private const string ErrorCodeHeader = "x-ms-error-code";

    public override int Status => status;

    public override string ReasonPhrase => errorCode;

    // The pipeline classifies an answer after its transport, which an injected one never reaches: without this the SDK
    // would take it for a success, neither retrying it nor raising it as a failure.
    public override bool IsError => true;

    public override Stream? ContentStream { get; set; } = new MemoryStream([], writable: false);

    public override string ClientRequestId { get; set; } = clientRequestId;

    public override void Dispose() => ContentStream?.Dispose();

    protected override bool ContainsHeader(string name) => IsErrorCode(name);

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => [new HttpHeader(ErrorCodeHeader, errorCode)];

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
    {
        value = IsErrorCode(name) ? errorCode : null;
        return value is not null;
    }

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        values = IsErrorCode(name) ? [errorCode] : null;
        return values is not null;
    }

    private static bool IsErrorCode(string name) => string.Equals(name, ErrorCodeHeader, StringComparison.OrdinalIgnoreCase);
}
