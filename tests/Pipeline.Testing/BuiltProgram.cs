namespace Pipeline.Testing;

/// <summary>Where a program under src/ was built, for tests that run it as a process the way a user does.</summary>
public static class BuiltProgram
{
    /// <summary>
    /// The entry assembly of <c>src/{project}</c> built in this test assembly's configuration (Debug or Release), to
    /// run as <c>dotnet PATH</c>; fails saying what to build when it is missing.
    /// </summary>
    public static string EntryAssembly(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(AzuriteFixture.RepositoryRoot, "src", project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build src/{project} first; '{path}' is missing.");
    }
}
