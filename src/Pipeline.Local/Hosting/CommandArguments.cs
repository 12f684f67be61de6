namespace Pipeline.Local.Hosting;

/// <summary>The <c>--name value</c> options of the runtime's commands (<c>upload</c>, <c>token</c>).</summary>
internal static class CommandArguments
{
    /// <summary>The value after <paramref name="name"/>, or null when it is not given.</summary>
    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index > 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
