using System.CommandLine;
using System.CommandLine.Parsing;
using Pipeline.Cli.Commands;

namespace Pipeline.Cli;

/// <summary>The <c>pipeline</c> command line: its commands, and the exit code 2 for a command line that does not parse.</summary>
internal static class CliApplication
{
    /// <summary>Parses <paramref name="args"/> and runs the command they name; returns the process's exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var root = Build();
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // System.CommandLine answers 1 with its help; 1 means "refused" here, so usage errors are said and answered 2.
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }

            await Console.Error.WriteLineAsync($"See '{CommandPath(parseResult.CommandResult)} --help'.");
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellationToken);
    }

    // "pipeline models transition-version": the command the line got to, as typed.
    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (var result = (SymbolResult?)command; result is not null; result = result.Parent)
        {
            if (result is CommandResult c)
            {
                names.Insert(0, c.Command is RootCommand ? "pipeline" : c.Command.Name);
            }
        }

        return string.Join(' ', names);
    }

    /// <summary>Every command, under the options they all take.</summary>
    public static RootCommand Build()
    {
        var common = new CommonOptions();
        var root = new RootCommand("Push model versions to the pipeline, follow their staging tests, approve, promote and roll back.");
        common.AddTo(root);
        root.Subcommands.Add(PushCommand.Create(common));
        root.Subcommands.Add(ModelsCommand.Create(common));
        root.Subcommands.Add(DecisionCommands.Approvals(common));
        root.Subcommands.Add(DecisionCommands.Approve(common));
        root.Subcommands.Add(DecisionCommands.Reject(common));
        root.Subcommands.Add(OperatorCommands.Retest(common));
        root.Subcommands.Add(OperatorCommands.Rollback(common));
        return root;
    }
}
