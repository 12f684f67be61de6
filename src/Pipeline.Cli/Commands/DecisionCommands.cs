using System.CommandLine;
using Pipeline.Cli.Http;
using Pipeline.Cli.Output;

namespace Pipeline.Cli.Commands;

/// <summary>
/// The approver's commands: <c>pipeline approvals</c> (the inbox), <c>pipeline approve M V [--comment]</c> and
/// <c>pipeline reject M V --reason</c>. The API decides who may: the approver role, not the uploader, and the
/// model's list of approvers when its policy has one.
/// </summary>
internal static class DecisionCommands
{
    public static Command Approvals(CommonOptions common)
    {
        var command = new Command("approvals", "Every version awaiting a decision, oldest first.");
        command.SetAction(common.Action(async (session, _, cancellationToken) =>
        {
            var document = await session.Api.GetAllAsync(ApiPaths.Approvals, cancellationToken);
            session.Output.Document(document.Json);
            var pending = document.Read<List<PendingApprovalView>>();
            if (pending.Count == 0)
            {
                session.Output.ShowLine("Nothing awaits a decision.");
                return ExitCodes.Ok;
            }

            session.Output.Show(ResultTables.Approvals(pending));
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Approve(CommonOptions common)
    {
        var (model, version) = VersionArguments();
        var comment = new Option<string>("--comment") { Description = "Why you approve, for the history." };
        var command = new Command("approve", "Approve a version that awaits approval.") { model, version, comment };
        command.SetAction(common.Action(async (session, parse, cancellationToken) =>
        {
            var (m, v) = (parse.GetValue(model)!, parse.GetValue(version)!);
            var accepted = await session.Api.PostAsync(ApiPaths.Approve(m, v), new { comment = parse.GetValue(comment) }, cancellationToken);
            session.Output.Document(accepted.Json);
            session.Output.ShowLine($"{m}/{v}: {accepted.Read<AcceptedView>().Status}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Reject(CommonOptions common)
    {
        var (model, version) = VersionArguments();
        var reason = new Option<string>("--reason") { Description = "Why you reject it (required; it is in the history).", Required = true };
        var command = new Command("reject", "Reject a version that awaits approval.") { model, version, reason };
        command.SetAction(common.Action(async (session, parse, cancellationToken) =>
        {
            var (m, v) = (parse.GetValue(model)!, parse.GetValue(version)!);
            var accepted = await session.Api.PostAsync(ApiPaths.Reject(m, v), new { reason = parse.GetValue(reason) }, cancellationToken);
            session.Output.Document(accepted.Json);
            session.Output.ShowLine($"{m}/{v}: {accepted.Read<AcceptedView>().Status}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The <c>model version</c> arguments of a command about one version.</summary>
    public static (Argument<string> Model, Argument<string> Version) VersionArguments() =>
        (new Argument<string>("model") { Description = "The model's name." }, new Argument<string>("version") { Description = "The version's label." });
}
