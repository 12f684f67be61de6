using System.Net;
using System.Net.Http.Headers;
using Pipeline.Testing;

namespace Pipeline.Local.Tests;

/// <summary>Who callers are, as a user of the local runtime meets it: the Development provider's guard, and the Jwt provider with a token from the token command.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdentityEndToEndTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("ASPNETCORE_ENVIRONMENT", "Production")]
    [InlineData("DOTNET_ENVIRONMENT", "Staging")]
    public async Task LocalRuntime_DevelopmentProviderOutsideDevelopment_RefusesToStartAndSaysSoFirst(string variable, string environment)
    {
        var (exitCode, output) = await LocalRuntimeProcess.RunToExitAsync(new Dictionary<string, string>
        {
            [variable] = environment,
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        });

        Assert.NotEqual(0, exitCode);
        var first = output.Split('\n').First(line => !string.IsNullOrWhiteSpace(line));
        Assert.Contains("Refusing to start", first, StringComparison.Ordinal);
        Assert.Contains("Auth__Provider is Development", first, StringComparison.Ordinal);
        Assert.Contains($"'{environment}'", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalRuntime_JwtProviderWithATokenFromTheTokenCommand_AnswersItsCallerOnly()
    {
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["TASKHUB_NAME"] = PipelineRuntime.NewTaskHubName(),
            ["Auth__Provider"] = "Jwt",
            ["Auth__Jwt__Issuer"] = TestTokens.Issuer,
            ["Auth__Jwt__Audience"] = TestTokens.Audience,
            ["Auth__Jwt__SigningKey"] = Convert.ToBase64String(TestTokens.Key),
        };
        var (exitCode, token) = await LocalRuntimeProcess.RunToExitAsync(environment, "token", "--name", "otto@example.com", "--roles", "Pipeline.Operator");
        Assert.True(exitCode == 0, token);
        await using var runtime = await LocalRuntimeProcess.StartAsync(environment);

        using var anonymous = await runtime.Http.PostAsync(new Uri("api/cleanup/runs", UriKind.Relative), null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/cleanup/runs");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        using var operatorCall = await runtime.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorCall.StatusCode);
    }
}
