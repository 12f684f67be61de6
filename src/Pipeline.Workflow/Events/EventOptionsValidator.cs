using Microsoft.Extensions.Options;
using Pipeline.Core.Events;
using Pipeline.Core.Policies;
using Pipeline.Workflow.Configuration;

namespace Pipeline.Workflow.Events;

/// <summary>The rules for the <c>Events__*</c> settings.</summary>
public sealed class EventOptionsValidator : IValidateOptions<EventOptions>
{
    private const string SecretPrefix = "whsec_";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EventOptions options)
    {
        var failures = new List<string?>
        {
            ValidatedSettings.RequireRange("Events__MaxAttempts", options.MaxAttempts, 1, 20),
            ValidatedSettings.RequirePositive("Events__RetryBaseDelay", options.RetryBaseDelay),
            ValidatedSettings.RequirePositive("Events__RequestTimeout", options.RequestTimeout),
            ValidatedSettings.RequirePositive("Events__DispatchInterval", options.DispatchInterval),
        };
        if (!string.IsNullOrWhiteSpace(options.ApiBaseUrl) && !Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out _))
        {
            failures.Add($"Events__ApiBaseUrl must be an absolute URL such as https://pipeline.example.com/; it is '{options.ApiBaseUrl}'.");
        }

        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            if (!options.Webhooks[i].IsConfigured)
            {
                continue;
            }

            failures.AddRange(Check($"Events__Webhooks__{i}", options.Webhooks[i]));
        }

        if (options.EventGrid.IsConfigured)
        {
            failures.AddRange(Check("Events__EventGrid", options.EventGrid));
        }

        return ValidatedSettings.ResultOf([.. failures]);
    }

    /// <summary>The event types <paramref name="subscription"/> receives.</summary>
    public static IReadOnlySet<PipelineEventType> TypesOf(WebhookSubscription subscription) =>
        TypesOf(subscription?.Types);

    /// <summary>The event types <paramref name="topic"/> receives.</summary>
    public static IReadOnlySet<PipelineEventType> TypesOf(EventGridTopic topic) =>
        TypesOf(topic?.Types);

    private static HashSet<PipelineEventType> TypesOf(string? types) =>
        string.IsNullOrWhiteSpace(types)
            ? Enum.GetValues<PipelineEventType>().ToHashSet()
            : types.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(JsonEnumNames<PipelineEventType>.Parse).ToHashSet();

    /// <summary>The secret's key bytes (the base64 after <c>whsec_</c>).</summary>
    public static byte[] KeyOf(WebhookSubscription subscription) =>
        Convert.FromBase64String(subscription.Secret![SecretPrefix.Length..]);

    private static IEnumerable<string> Check(string setting, WebhookSubscription subscription)
    {
        if (subscription.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            yield return $"{setting}__Url must be an absolute http or https URL; it is '{subscription.Url}'.";
        }

        if (!IsSecret(subscription.Secret))
        {
            yield return $"{setting}__Secret must be 'whsec_' followed by the base64 of 24 to 64 random bytes (Standard Webhooks), e.g. from: echo whsec_$(openssl rand -base64 32).";
        }

        if (CheckTypes(setting, subscription.Types) is { } types)
        {
            yield return types;
        }
    }

    private static IEnumerable<string> Check(string setting, EventGridTopic topic)
    {
        // Event Grid takes only https; plain http is for a loopback stand-in, which only a key can reach.
        var keyed = !string.IsNullOrEmpty(topic.Key);
        if (!Uri.TryCreate(topic.TopicEndpoint, UriKind.Absolute, out var endpoint)
            || (endpoint.Scheme != Uri.UriSchemeHttps && !(keyed && endpoint.Scheme == Uri.UriSchemeHttp)))
        {
            yield return keyed
                ? $"{setting}__TopicEndpoint must be an absolute http or https URL; it is '{topic.TopicEndpoint}'."
                : $"{setting}__TopicEndpoint must be an absolute https URL such as https://my-topic.westeurope-1.eventgrid.azure.net/api/events; it is '{topic.TopicEndpoint}'.";
        }

        if (CheckTypes(setting, topic.Types) is { } types)
        {
            yield return types;
        }
    }

    private static string? CheckTypes(string setting, string? types)
    {
        var unknown = (types ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(type => !JsonEnumNames<PipelineEventType>.TryParse(type, out _)).ToList();
        return unknown.Count > 0
            ? $"{setting}__Types names unknown event types ({string.Join(", ", unknown)}); use {JsonEnumNames<PipelineEventType>.Listed}."
            : null;
    }

    private static bool IsSecret(string? secret)
    {
        if (secret is null || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var key = new byte[128];
        return Convert.TryFromBase64String(secret[SecretPrefix.Length..], key, out var length) && length is >= 24 and <= 64;
    }
}
