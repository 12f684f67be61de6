using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Pipeline.Functions.Workflow;
using Pipeline.Workflow;

namespace Pipeline.Functions.Tests;

/// <summary>
/// The Functions app binds exactly the tasks the local worker registers (<see cref="WorkflowTasks"/>),
/// under the same names and with the inputs and outputs the shared classes declare.
/// </summary>
public sealed class WorkflowBindingsTests
{
    private static readonly IReadOnlyList<MethodInfo> Functions = typeof(WorkflowFunctions).Assembly
        .GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
        .ToList();

    [Fact]
    public void Orchestrators_EachListedTask_HasAnOrchestrationTriggerOfTheSameName()
    {
        foreach (var orchestrator in WorkflowTasks.Orchestrators)
        {
            var function = FindFunction(orchestrator.Name);
            var trigger = Assert.Single(function.GetParameters(), p => p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null);
            Assert.Equal(typeof(TaskOrchestrationContext), trigger.ParameterType);
            var (_, output) = GenericArguments(orchestrator, typeof(TaskOrchestrator<,>));
            Assert.Equal(typeof(Task<>).MakeGenericType(output), function.ReturnType);
        }
    }

    [Fact]
    public void Activities_EachListedTask_HasAnActivityTriggerWithItsInputOutputAndInstanceId()
    {
        foreach (var activity in WorkflowTasks.Activities)
        {
            var function = FindFunction(activity.Name);
            var (input, output) = GenericArguments(activity, typeof(TaskActivity<,>));
            var parameters = function.GetParameters();
            var trigger = Assert.Single(parameters, p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null);
            Assert.True(input == trigger.ParameterType, $"{activity.Name} binds {trigger.ParameterType.Name}; the activity takes {input.Name}.");
            Assert.Contains(parameters, p => p.Name == "instanceId" && p.ParameterType == typeof(string));
            Assert.Equal(typeof(Task<>).MakeGenericType(output), function.ReturnType);
        }
    }

    [Fact]
    public void DurableFunctions_EveryBinding_IsAListedTask()
    {
        var listed = WorkflowTasks.Orchestrators.Concat(WorkflowTasks.Activities).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var bound = Functions
            .Where(m => m.GetParameters().Any(p =>
                p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null || p.GetCustomAttribute<ActivityTriggerAttribute>() is not null))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name)
            .ToList();

        Assert.Equal(listed.Order(StringComparer.Ordinal), bound.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task ActivityBinding_EmptyInstanceId_IsRefused(string instanceId)
    {
        // Refused before the activity is created or the context touched.
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            WorkflowFunctions.BeginStagingTests(new VersionRound("m", "v1", 1), instanceId, null!));
    }

    private static MethodInfo FindFunction(string name)
    {
        var matches = Functions.Where(m => m.GetCustomAttribute<FunctionAttribute>()!.Name == name).ToList();
        Assert.True(matches.Count == 1, $"Expected one [Function(\"{name}\")] binding in the Functions app, found {matches.Count}.");
        return matches[0];
    }

    private static (Type Input, Type Output) GenericArguments(Type task, Type openBase)
    {
        for (var type = task; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == openBase)
            {
                var arguments = type.GetGenericArguments();
                return (arguments[0], arguments[1]);
            }
        }

        throw new InvalidOperationException($"{task.Name} does not derive from {openBase.Name}.");
    }
}
