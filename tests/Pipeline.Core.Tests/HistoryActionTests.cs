using System.Text.Json;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Tests;

public sealed class HistoryActionTests
{
    // Stored rows and API clients read these names: they must never change.
    private static readonly string[] Names =
    [
        "registered", "testsStarted", "testsPassed", "testsFailed", "promoted", "promotionRefused",
        "archived", "rejected", "approvalExpired", "rolledBack", "purged", "policyChanged", "workflowEnded",
        "approvalRefused", "approvalRecorded", "rejectionRecorded", "reminded", "escalated", "registrationFailed", "transitionRequested", "decisionIgnored",
    ];

    [Fact]
    public void HistoryAction_Serialized_IsItsCamelCaseName()
    {
        var written = Enum.GetValues<HistoryAction>().Select(action => JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(action)));

        Assert.Equal(Names, written);
        Assert.Equal(Names, Enum.GetValues<HistoryAction>().Select(action => JsonNamingPolicy.CamelCase.ConvertName(action.ToString())));
    }

    [Fact]
    public void HistoryAction_EveryName_ParsesBackToItsMember()
    {
        Assert.Equal(Enum.GetValues<HistoryAction>(), Names.Select(JsonEnumNames<HistoryAction>.Parse));
        Assert.Equal(Enum.GetValues<HistoryAction>(), Names.Select(name => JsonSerializer.Deserialize<HistoryAction>($"\"{name}\"")));
    }

    [Fact]
    public void HistoryAction_UnknownName_IsRefused()
    {
        Assert.Throws<FormatException>(() => JsonEnumNames<HistoryAction>.Parse("Promoted"));
    }
}
