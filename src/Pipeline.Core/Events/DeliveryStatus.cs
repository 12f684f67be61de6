using System.Text.Json.Serialization;

namespace Pipeline.Core.Events;

/// <summary>Where the delivery of an event to one subscriber is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeliveryStatus>))]
public enum DeliveryStatus
{
    /// <summary>Not delivered yet; it will be tried (again).</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>The subscriber answered 2xx.</summary>
    [JsonStringEnumMemberName("delivered")]
    Delivered,

    /// <summary>Every attempt failed; it is not tried again.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
