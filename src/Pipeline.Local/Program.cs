using Pipeline.Local.Hosting;

await using var runtime = await LocalRuntime.StartAsync(args, CancellationToken.None);
var urls = string.Join(", ", runtime.App.Urls);
Console.WriteLine($"Model Pipeline is running. API: {urls}/api  (Ctrl+C to stop)");
await runtime.App.WaitForShutdownAsync();
