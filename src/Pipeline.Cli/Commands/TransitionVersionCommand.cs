using System.CommandLine;
using Pipeline.Cli.Failures;
using Pipeline.Cli.Following;
using Pipeline.Cli.Http;
using Pipeline.Core.Lifecycle;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline models transition-version --model-name M --version N --stage production|staging|archived</c>, shaped
/// like MLflow's command, with the version named by its number (1, 2, … in registration order). The pipeline's
/// stages move only by its rules, so each stage means the action that leads there: production approves the version
/// (it must await approval) and waits for the promotion; staging retests it (a version whose tests failed or whose
/// approval expired); archived is refused, since only a promotion or a rollback archives a version.
/// </summary>
internal static class TransitionVersionCommand
{
    /// <summary>How long <c>--stage production</c> waits for the promotion after its approval.</summary>
    public static readonly TimeSpan PromotionWait = TimeSpan.FromSeconds(30);

    public static Command Create(CommonOptions common)
    {
        var modelName = new Option<string>("--model-name") { Description = "The model's name.", Required = true };
        var number = new Option<int>("--version")
        {
            Description = "The version's number within the model (1, 2, …; see 'pipeline models show').",
            Required = true,
            HelpName = "number",
            CustomParser = result => PositiveNumbers.Parse(result, "--version is a version's number within its model (1, 2, …)"),
        };
        // Stage's names, without regard to case (production, Production, PRODUCTION).
        var stage = new Option<Stage>("--stage")
        {
            Description = "production (approve and promote), staging (retest) or archived (refused).",
            Required = true,
            HelpName = "production|staging|archived",
        };
        var comment = new Option<string>("--comment") { Description = "With --stage production: the approval's comment." };

        var command = new Command("transition-version", "Move a version, named by its number, toward a stage.") { modelName, number, stage, comment };
        command.SetAction(common.Action(async (session, parse, cancellationToken) =>
        {
            var (model, target) = (parse.GetValue(modelName)!, parse.GetValue(stage));
            if (target == Stage.Archived)
            {
                throw new CommandRefusedException(
                    "A version cannot be archived directly",
                    "A version is archived when the next version of its model is promoted to production ('--stage production' on that version), " +
                    "or when production is rolled back to an earlier version ('pipeline rollback'); it is never archived by itself, so the model always serves what it served.");
            }

            var details = (await session.Api.GetAllAsync(ApiPaths.Model(model), cancellationToken, "versions")).Read<ModelDetails>();
            var version = Resolve(session.Api, details, parse.GetValue(number));
            return target == Stage.Production
                ? await PromoteAsync(session, model, version, details.Production?.Version, parse.GetValue(comment), cancellationToken)
                : await RetestAsync(session, model, version, cancellationToken);
        }));
        return command;
    }

    // The number is the version's place in the model's registration order, as GET /api/models/{model} numbers them.
    private static VersionView Resolve(PipelineClient api, ModelDetails details, int number)
    {
        var model = details.Model;
        if (details.Versions.Count > 0 && details.Versions.All(v => v.Number is null))
        {
            throw new CommandRefusedException(
                "Version numbers unknown",
                $"The API at {api.BaseAddress} does not number versions (versions[].number); name the version by its label: 'pipeline approve {model} <version>' or 'pipeline retest {model} <version>'.");
        }

        return details.Versions.SingleOrDefault(v => v.Number == number)
            ?? throw new CommandRefusedException(
                "No such version",
                details.Versions.Count == 0
                    ? $"Model '{model}' has no versions."
                    : $"Model '{model}' has no version {number}; its versions are numbered 1 to {details.Versions.Max(v => v.Number)}.");
    }

    private static async Task<int> PromoteAsync(
        CommandSession session, string model, VersionView version, string? previous, string? comment, CancellationToken cancellationToken)
    {
        var output = session.Output;
        var label = Label(version);
        var accepted = await session.Api.PostAsync(ApiPaths.Approve(model, version.Version), new { comment }, cancellationToken);
        var answer = accepted.Read<AcceptedView>();
        if (answer.Approvals < answer.RequiredApprovals)
        {
            output.Say($"{label}: {answer.Status}");
            output.Say($"It becomes production once {answer.RequiredApprovals - answer.Approvals} more approver(s) approve it.");
            output.Document(accepted.Json);
            return ExitCodes.Ok;
        }

        output.Say($"{label}: approved; waiting for it to be promoted.");
        var follower = new VersionFollower(session.Api, output, session.Clock);
        var (_, document) = await follower.WaitForProductionAsync(model, version.Version, PromotionWait, cancellationToken);
        var archived = previous is null || previous == version.Version ? string.Empty : $"; {previous} was archived";
        output.Say($"{label} is in production{archived}.");
        output.Document(document.Json);
        return ExitCodes.Ok;
    }

    private static async Task<int> RetestAsync(CommandSession session, string model, VersionView version, CancellationToken cancellationToken)
    {
        var accepted = await session.Api.PostAsync(ApiPaths.Retest(model, version.Version), new { }, cancellationToken);
        session.Output.Say($"{Label(version)} is back in staging: {accepted.Read<AcceptedView>().Status}");
        session.Output.Document(accepted.Json);
        return ExitCodes.Ok;
    }

    private static string Label(VersionView version) => $"{version.Model} version {version.Number} ({version.Version})";
}
