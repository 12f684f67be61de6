namespace Pipeline.Infra.Tests;

/// <summary>Compiles infra/main.bicep once per test class into a temporary folder.</summary>
public sealed class CompiledTemplateFixture : IAsyncLifetime
{
    private readonly string _outputDirectory =
        Path.Combine(Path.GetTempPath(), "pipeline-infra-tests-" + Guid.NewGuid().ToString("N"));

    private ArmTemplate? _template;
    private BicepRun? _build;

    internal ArmTemplate Template => _template ?? throw new InvalidOperationException("Not compiled.");

    internal BicepRun Build => _build ?? throw new InvalidOperationException("Not compiled.");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_outputDirectory);
        var outputFile = Path.Combine(_outputDirectory, "main.json");
        _build = await BicepCli.RunAsync(
            ["build", RepositoryLayout.MainBicep, "--outfile", outputFile],
            CancellationToken.None);
        if (_build.ExitCode != 0 || !File.Exists(outputFile))
        {
            throw new InvalidOperationException($"bicep build failed: {_build.Describe()}");
        }

        _template = ArmTemplate.Parse(await File.ReadAllTextAsync(outputFile));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_outputDirectory, recursive: true);
        return Task.CompletedTask;
    }
}
