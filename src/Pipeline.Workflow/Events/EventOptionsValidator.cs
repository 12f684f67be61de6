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

        return ValidatedSettings.ResultOf([.. failures]);
    }

    /// <summary>The event types <paramref name="subscription"/> receives.</summary>
    public static IReadOnlySet<PipelineEventType> TypesOf(WebhookSubscription subscription) =>
        string.IsNullOrWhiteSpace(subscription.Types)
            ? Enum.GetValues<PipelineEventType>().ToHashSet()
            : subscription.Types.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
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

        var unknown = (subscription.Types ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(type => !JsonEnumNames<PipelineEventType>.TryParse(type, out _)).ToList();
        if (unknown.Count > 0)
        {
            yield return $"{setting}__Types names unknown event types ({string.Join(", ", unknown)}); use {JsonEnumNames<PipelineEventType>.Listed}.";
        }
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
