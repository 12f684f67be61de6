using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pipeline.Workflow.Configuration;

/// <summary>
/// Settings sections bound to options and checked by one validator, so that a bad setting stops the
/// host at start with the setting's name, not at the first request that reads it.
/// </summary>
public static class ValidatedSettings
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> and validates it when the host starts.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T, TValidator>(this IServiceCollection services, string section)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        services.AddSingleton<IValidateOptions<T>, TValidator>();
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>Binds and validates a section now, for a host that needs it before its container exists.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; every failure is listed.</exception>
    /// <exception cref="InvalidOperationException">A value cannot be converted (the binder names the setting).</exception>
    public static T Read<T, TValidator>(IConfiguration configuration, string section)
        where T : class, new()
        where TValidator : IValidateOptions<T>, new() =>
        Read(configuration, section, new TValidator());

    /// <summary>
    /// Binds a section now, applies <paramref name="postConfigure"/> (a host's defaults) and validates it
    /// with <paramref name="validator"/>, for a validator that needs more than the settings.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; every failure is listed.</exception>
    /// <exception cref="InvalidOperationException">A value cannot be converted (the binder names the setting).</exception>
    public static T Read<T>(IConfiguration configuration, string section, IValidateOptions<T> validator, Action<T>? postConfigure = null)
        where T : class, new()
    {
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        postConfigure?.Invoke(options);
        var result = validator.Validate(Options.DefaultName, options);
        return result.Failed ? throw new OptionsValidationException(section, typeof(T), result.Failures) : options;
    }

    /// <summary>A failure message when <paramref name="value"/> is not a positive duration, else null.</summary>
    public static string? RequirePositive(string setting, TimeSpan value) =>
        value > TimeSpan.Zero ? null : $"{setting} must be a positive duration such as 00:30:00; it is {value:c}.";

    /// <summary>A failure message when <paramref name="value"/> is longer than <paramref name="max"/>, else null.</summary>
    public static string? RequireAtMost(string setting, TimeSpan value, TimeSpan max) =>
        value <= max ? null : $"{setting} must be at most {max:c}; it is {value:c}.";

    /// <summary>A failure message when the duration <paramref name="value"/> is outside [<paramref name="min"/>, <paramref name="max"/>], else null.</summary>
    public static string? RequireBetween(string setting, TimeSpan value, TimeSpan min, TimeSpan max, string note) =>
        value >= min && value <= max ? null : $"{setting} must be a duration from {min:c} to {max:c} ({note}); it is {value:c}.";

    /// <summary>A failure message when <paramref name="value"/> is outside [<paramref name="min"/>, <paramref name="max"/>], else null.</summary>
    public static string? RequireRange(string setting, long value, long min, long max) =>
        value >= min && value <= max ? null : $"{setting} must be a whole number from {min} to {max}; it is {value}.";

    /// <summary>The result of a validation from its failure messages (nulls are passes).</summary>
    public static ValidateOptionsResult ResultOf(params string?[] failures)
    {
        var failed = failures.OfType<string>().ToList();
        return failed.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failed);
    }
}
