using Elements.Cli;

return await CliApplication.RunAsync(args, CliConsole.FromProcess());
