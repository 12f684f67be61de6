namespace Pipeline.Core.Errors;

/// <summary>The base of every failure with a domain meaning; the edges map each kind to a response once.</summary>
public abstract class PipelineException : Exception
{
    /// <summary>Creates the exception with a message a user can act on.</summary>
    protected PipelineException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    protected PipelineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A model name or version label breaks the naming rules.</summary>
public sealed class InvalidNameException : PipelineException
{
    /// <summary>Creates the exception for the named part.</summary>
    public InvalidNameException(string part, string reason)
        : base(reason)
    {
        Part = part;
    }

    /// <summary>Which part was invalid: <c>model</c> or <c>version</c>.</summary>
    public string Part { get; }
}

/// <summary>An uploaded blob's path breaks the <c>{model}/{version}/{file}</c> rules.</summary>
public sealed class InvalidUploadPathException : PipelineException
{
    /// <summary>Creates the exception for the blob.</summary>
    public InvalidUploadPathException(string blobName, string reason)
        : base(reason)
    {
        BlobName = blobName;
    }

    /// <summary>The blob name as uploaded.</summary>
    public string BlobName { get; }
}

/// <summary>No model of that name is registered.</summary>
public sealed class ModelNotFoundException : PipelineException
{
    /// <summary>Creates the exception for the model.</summary>
    public ModelNotFoundException(string model)
        : base($"Model '{model}' is not registered.")
    {
        Model = model;
    }

    /// <summary>The model asked for.</summary>
    public string Model { get; }
}

/// <summary>The model exists but has no such version, or the model does not exist.</summary>
public sealed class VersionNotFoundException : PipelineException
{
    /// <summary>Creates the exception for the version.</summary>
    public VersionNotFoundException(string model, string version)
        : base($"Version '{version}' of model '{model}' is not registered.")
    {
        Model = model;
        Version = version;
    }

    /// <summary>The model asked for.</summary>
    public string Model { get; }

    /// <summary>The version asked for.</summary>
    public string Version { get; }
}

/// <summary>The model has no production version.</summary>
public sealed class NoProductionVersionException : PipelineException
{
    /// <summary>Creates the exception for the model.</summary>
    public NoProductionVersionException(string model)
        : base($"Model '{model}' has no production version.")
    {
        Model = model;
    }

    /// <summary>Creates the exception for a model that had no production version at an instant.</summary>
    public NoProductionVersionException(string model, DateTimeOffset at)
        : base($"Model '{model}' had no production version at {at:O}.")
    {
        Model = model;
    }

    /// <summary>The model asked for.</summary>
    public string Model { get; }
}

/// <summary>The version is not in a state that allows what was asked.</summary>
public sealed class VersionStateConflictException : PipelineException
{
    /// <summary>Creates the exception naming the state the version is in.</summary>
    public VersionStateConflictException(string model, string version, string action, Lifecycle.VersionState current, string detail)
        : base($"Cannot {action} version '{version}' of model '{model}': it is {Lifecycle.VersionStates.Describe(current)}. {detail}")
    {
        Model = model;
        Version = version;
        Action = action;
        Current = current;
    }

    /// <summary>The model.</summary>
    public string Model { get; }

    /// <summary>The version.</summary>
    public string Version { get; }

    /// <summary>What was asked (approve, reject, retest).</summary>
    public string Action { get; }

    /// <summary>The state the version is in now.</summary>
    public Lifecycle.VersionState Current { get; }
}

/// <summary>A state change the lifecycle does not allow; a defect or a race, never written.</summary>
public sealed class IllegalTransitionException : PipelineException
{
    /// <summary>Creates the exception for the attempted change.</summary>
    public IllegalTransitionException(Lifecycle.VersionState from, Lifecycle.VersionState to)
        : base($"A version cannot go from {from} to {to}.")
    {
        From = from;
        To = to;
    }

    /// <summary>The state the version was in.</summary>
    public Lifecycle.VersionState From { get; }

    /// <summary>The state that was asked for.</summary>
    public Lifecycle.VersionState To { get; }
}

/// <summary>The model has no policy document.</summary>
public sealed class NoPolicyException : PipelineException
{
    /// <summary>Creates the exception for the model.</summary>
    public NoPolicyException(string model)
        : base($"Model '{model}' has no policy; its versions get integrity, load and signature checks only.")
    {
        Model = model;
    }

    /// <summary>The model asked for.</summary>
    public string Model { get; }
}

/// <summary>A rollback to a version that cannot serve again.</summary>
public sealed class RollbackRefusedException : PipelineException
{
    /// <summary>Creates the exception with the reason.</summary>
    public RollbackRefusedException(string model, string? version, string reason)
        : base(version is null
            ? $"Cannot roll back model '{model}': {reason}."
            : $"Cannot roll back model '{model}' to version '{version}': {reason}.")
    {
        Model = model;
        Version = version;
    }

    /// <summary>The model.</summary>
    public string Model { get; }

    /// <summary>The version asked for, if one was.</summary>
    public string? Version { get; }
}

/// <summary>A conditional write lost a race; the caller re-reads and decides again.</summary>
public sealed class ConcurrencyConflictException : PipelineException
{
    /// <summary>Creates the exception.</summary>
    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A request could not be understood (malformed body, invalid field).</summary>
public sealed class InvalidRequestException : PipelineException
{
    /// <summary>Creates the exception.</summary>
    public InvalidRequestException(string message)
        : base(message)
    {
    }
}

/// <summary>A request body is larger than the endpoint accepts.</summary>
public sealed class RequestTooLargeException : PipelineException
{
    /// <summary>Creates the exception naming the limit.</summary>
    public RequestTooLargeException(long limitBytes)
        : base($"The request body is larger than {limitBytes} bytes.")
    {
        LimitBytes = limitBytes;
    }

    /// <summary>The largest body accepted.</summary>
    public long LimitBytes { get; }
}
