using System.CommandLine;
using MediaTrust.Cli.Commands;

namespace MediaTrust.Cli;

/// <summary>Composes the <c>mediatrust</c> commands; each command lives in its own file under Commands/.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, new InvocationConfiguration());

    /// <summary>Parses and runs a command line; a wrong command line exits with <see cref="ExitCodes.Usage"/>.</summary>
    internal static async Task<int> RunAsync(string[] args, InvocationConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var parse = BuildRootCommand().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await configuration.Error.WriteLineAsync($"error: {error.Message}");
            }

            await configuration.Error.WriteLineAsync("Run 'mediatrust --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(configuration, cancellationToken);
    }

    internal static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("MediaTrust: read, validate and sign C2PA content credentials; evaluate JPEG Trust profiles.");
        root.Subcommands.Add(ReadCommand.Create());
        root.Subcommands.Add(SignCommand.Create());
        root.Subcommands.Add(CertCommand.Create());
        root.Subcommands.Add(FormulaCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(IndicatorsCommand.Create());
        root.Subcommands.Add(TrustCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        return root;
    }
}
