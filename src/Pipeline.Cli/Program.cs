using Pipeline.Cli;

return await CliApplication.RunAsync(args, CancellationToken.None);
