using System.CommandLine;
using Pipeline.Cli.Http;

namespace Pipeline.Cli.Commands;

/// <summary>The operator's commands: <c>pipeline retest M V</c> and <c>pipeline rollback M --expected-current V [--to V] [--reason]</c>.</summary>
internal static class OperatorCommands
{
    public static Command Retest(CommonOptions common)
    {
        var (model, version) = DecisionCommands.VersionArguments();
        var command = new Command("retest", "Run a version's staging tests again (after they failed, or its approval expired).") { model, version };
        command.SetAction(common.Action(async (session, parse, cancellationToken) =>
        {
            var (m, v) = (parse.GetValue(model)!, parse.GetValue(version)!);
            var accepted = await session.Api.PostAsync(ApiPaths.Retest(m, v), new { }, cancellationToken);
            session.Output.Document(accepted.Json);
            session.Output.ShowLine($"{m}/{v}: {accepted.Read<AcceptedView>().Status}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Rollback(CommonOptions common)
    {
        var model = new Argument<string>("model") { Description = "The model's name." };
        var expectedCurrent = new Option<string>("--expected-current")
        {
            Description = "The version in production now, which the rollback replaces: if production has changed since, nothing happens.",
            Required = true,
            HelpName = "version",
        };
        var to = new Option<string>("--to") { Description = "The archived version to put back (default: the most recently archived).", HelpName = "version" };
        var reason = new Option<string>("--reason") { Description = "Why, for the history." };
        var command = new Command("rollback", "Put an archived version back into production at once (no approval; its artifact is re-verified).")
        {
            model, expectedCurrent, to, reason,
        };
        command.SetAction(common.Action(async (session, parse, cancellationToken) =>
        {
            var m = parse.GetValue(model)!;
            var current = parse.GetValue(expectedCurrent)!;
            var restored = await session.Api.PostAsync(
                ApiPaths.Rollback(m),
                new { expectedCurrent = current, toVersion = parse.GetValue(to), reason = parse.GetValue(reason) },
                cancellationToken);
            session.Output.Document(restored.Json);
            session.Output.ShowLine($"{m} serves {restored.Read<VersionView>().Version} again; {current} was archived.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
