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
        var parse = BuildRootCommand().Parse(args, ParserConfiguration);
        // --help and --version answer even when the rest of the line is incomplete (e.g. `mediatrust read --help` names no FILE).
        if (parse.Errors.Count > 0 && parse.Action is not (HelpExamples.WithExamples or PrintVersion))
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

    /// <summary>
    /// Response files are off: an argument starting with @ is an argument (a json-formula such as <c>@.name</c>, a file
    /// named @x), never a file of further arguments (docs/cli.md, "Arguments").
    /// </summary>
    private static readonly ParserConfiguration ParserConfiguration = new() { ResponseFileTokenReplacer = null };

    internal static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("MediaTrust: read, validate and sign C2PA content credentials; evaluate JPEG Trust profiles.");
        root.Subcommands.Add(ReadCommand.Create());
        root.Subcommands.Add(SignCommand.Create());
        root.Subcommands.Add(CertCommand.Create());
        root.Subcommands.Add(FormulaCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(RecoverCommand.Create());
        root.Subcommands.Add(IndicatorsCommand.Create());
        root.Subcommands.Add(TrustCommand.Create());
        root.Subcommands.Add(TrustListCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(CompletionCommand.Create());
        foreach (var option in root.Options)
        {
            if (option is VersionOption version)
            {
                version.Action = new PrintVersion();
            }
        }

        HelpExamples.Attach(root);
        return root;
    }

    /// <summary><c>--version</c>: the engine version and the bundled trust lists (<see cref="VersionInfo.Text"/>).</summary>
    private sealed class PrintVersion : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(VersionInfo.Text());
            return ExitCodes.Ok;
        }
    }
}
