using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Workflow.Configuration;

namespace Pipeline.Api.Identity;

/// <summary>Registers the caller resolver the <c>Auth__*</c> settings choose.</summary>
public static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// Adds the validated <see cref="AuthOptions"/> (<paramref name="hostDefault"/> when <c>Auth__Provider</c>
    /// is unset) and the one <see cref="ICallerResolver"/> they name.
    /// </summary>
    public static IServiceCollection AddPipelineIdentity(this IServiceCollection services, AuthProvider hostDefault)
    {
        services.AddValidatedOptions<AuthOptions, AuthOptionsValidator>(AuthOptions.Section)
            .PostConfigure(options => options.ApplyHostDefault(hostDefault));
        services.AddHttpClient(JwtCallerResolver.DiscoveryClient);
        services.AddSingleton<ICallerResolver>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AuthOptions>>().Value;
            return options.SelectedProvider switch
            {
                AuthProvider.EasyAuth => new EasyAuthCallerResolver(),
                AuthProvider.Jwt => new JwtCallerResolver(options.Jwt, sp.GetRequiredService<IHttpClientFactory>().CreateClient(JwtCallerResolver.DiscoveryClient)),
                AuthProvider.Development => new DevelopmentCallerResolver(),
                _ => throw new InvalidOperationException($"No caller resolver for {options.SelectedProvider}."),
            };
        });
        return services;
    }
}
