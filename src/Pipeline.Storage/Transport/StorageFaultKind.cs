namespace Pipeline.Storage.Transport;

/// <summary>What an injected storage fault looks like to the SDK.</summary>
public enum StorageFaultKind
{
    /// <summary>A 503 Server Busy answer; the request never reached storage.</summary>
    ServiceUnavailable,

    /// <summary>A 500 Internal Error answer; the request never reached storage.</summary>
    InternalError,

    /// <summary>No answer within the network timeout; the request never reached storage.</summary>
    Timeout,

    /// <summary>
    /// The request reached storage and was carried out, but its answer was lost: the SDK sees its network timeout and tries
    /// again. Not drawn unless named: a lost answer to a queue read hides the messages it took for their visibility timeout.
    /// </summary>
    LostAnswer,
}
