using Pipeline.Local.Hosting;

if (args is ["upload", ..])
{
    return await UploadCommand.RunAsync(args, CancellationToken.None);
}

if (args is ["token", ..])
{
    return await TokenCommand.RunAsync(args);
}

await using var runtime = await LocalRuntime.StartAsync(args, CancellationToken.None);
var urls = string.Join(", ", runtime.App.Urls);
Console.WriteLine($"Model Pipeline is running. API: {urls}/api  (Ctrl+C to stop)");
await runtime.App.WaitForShutdownAsync();
return 0;
