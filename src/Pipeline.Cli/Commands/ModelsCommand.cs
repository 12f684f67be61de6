using System.CommandLine;
using System.Text.Json.Nodes;
using Pipeline.Cli.Http;
using Pipeline.Cli.Output;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline models list|show|history|report|transition-version</c>: what the registry holds, and moving a version by its number.</summary>
internal static class ModelsCommand
{
    public static Command Create(CommonOptions common)
    {
        var command = new Command("models", "Models, their versions, their history and their staging reports.");
        command.Subcommands.Add(List(common));
        command.Subcommands.Add(Show(common));
        command.Subcommands.Add(History(common));
        command.Subcommands.Add(Report(common));
        command.Subcommands.Add(TransitionVersionCommand.Create(common));
        return command;
    }

    private static Command List(CommonOptions common)
    {
        var command = new Command("list", "Every model with the version it serves.");
        command.SetAction(common.Action(async (session, _, cancellationToken) =>
        {
            var document = await session.Api.GetAllAsync(ApiPaths.Models, cancellationToken);
            session.Output.Document(document.Json);
            session.Output.Show(ResultTables.Models(document.Read<List<ModelSummary>>()));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Show(CommonOptions common)
    {
        var model = ModelArgument();
        var version = new Argument<string?>("version") { Description = "One version's label: show it with its checks.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("show", "A model's versions, or one version with its checks.") { model, version };
        command.SetAction(common.Action(async (session, parse, cancellationToken) =>
        {
            var m = parse.GetValue(model)!;
            if (parse.GetValue(version) is { } v)
            {
                var one = await session.Api.GetAsync(ApiPaths.Version(m, v), cancellationToken);
                session.Output.Document(one.Json);
                session.Output.Show(ResultTables.Version(one.Read<VersionView>()));
                return ExitCodes.Ok;
            }

            var document = await session.Api.GetAllAsync(ApiPaths.Model(m), cancellationToken, "versions");
            session.Output.Document(document.Json);
            var details = document.Read<ModelDetails>();
            session.Output.ShowLine(details.Production is { } p
                ? $"{details.Model} serves {p.Version} since {ResultTables.Time(p.Since)}."
                : $"{details.Model} has no production version.");
            session.Output.Show(ResultTables.Versions(details));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command History(CommonOptions common)
    {
        var model = ModelArgument();
        var command = new Command("history", "A model's audit trail, newest first.") { model };
        command.SetAction(common.Action(async (session, parse, cancellationToken) =>
        {
            var document = await session.Api.GetAllAsync(ApiPaths.History(parse.GetValue(model)!), cancellationToken);
            session.Output.Document(document.Json);
            session.Output.Show(ResultTables.History(document.Read<List<HistoryView>>()));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Report(CommonOptions common)
    {
        var model = ModelArgument();
        var version = new Argument<string>("version") { Description = "The version's label." };
        var command = new Command("report", "A version's full staging report: every check with what it measured.") { model, version };
        command.SetAction(common.Action(async (session, parse, cancellationToken) =>
        {
            var document = await session.Api.GetAsync(ApiPaths.Report(parse.GetValue(model)!, parse.GetValue(version)!), cancellationToken);
            session.Output.Document(document.Json);
            var report = JsonNode.Parse(document.Json)!;
            var passed = report["passed"]?.GetValue<bool>() == true;
            session.Output.ShowLine(passed ? "Every check passed." : "A check failed.");
            session.Output.Show(ResultTables.Report(report));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Argument<string> ModelArgument() => new("model") { Description = "The model's name." };
}
