using System.CommandLine;

namespace MediaTrust.Cli.Commands;

/// <summary>What every command shares: help with examples, completion scripts, --version, no response files (docs/cli.md).</summary>
public sealed class CommandLineTests
{
    private static IEnumerable<Command> AllCommands(Command command) => new[] { command }.Concat(command.Subcommands.SelectMany(AllCommands));

    public static TheoryData<string> CommandPaths() =>
        new(AllCommands(Program.BuildRootCommand()).Select(HelpExamples.PathOf));

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Every_commands_help_shows_an_example(string path)
    {
        var args = path.Split(' ').Skip(1).Append("--help").ToArray();
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.True(code == 0, $"{path} --help exited {code}: {error}");
        Assert.Contains("Example", output, StringComparison.Ordinal);
        Assert.Contains("mediatrust", output[output.IndexOf("Example", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    public static TheoryData<string> Shells() => new(CompletionCommand.Shells);

    [Theory]
    [MemberData(nameof(Shells))]
    public async Task Completion_script_names_every_command_and_option(string shell)
    {
        var (code, script, error) = await CliRunner.RunAsync("completion", shell);
        Assert.True(code == 0, error);
        foreach (var command in AllCommands(Program.BuildRootCommand()))
        {
            Assert.Contains(command is RootCommand ? "mediatrust" : command.Name, script, StringComparison.Ordinal);
            foreach (var option in command.Options.Where(o => !o.Hidden))
            {
                // fish names long options without their dashes (-l trust-anchors).
                var name = shell == "fish" ? option.Name.TrimStart('-') : option.Name;
                Assert.Contains(name, script, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Completion_rejects_an_unknown_shell()
    {
        var (code, _, _) = await CliRunner.RunAsync("completion", "tcsh");
        Assert.Equal(ExitCodes.Usage, code);
    }

    [Fact]
    public async Task An_argument_starting_with_at_is_not_a_response_file()
    {
        // @ is json-formula's current node; with response files on, '@.name' would be read as a file called ".name".
        var (code, output, error) = await CliRunner.RunAsync("formula", "@.name");
        Assert.True(code == 0, error);
        Assert.Equal("null", output.Trim());
        (code, output, error) = await CliRunner.RunAsync("formula", "@");
        Assert.True(code == 0, error);
        Assert.Equal("null", output.Trim());
    }

    [Fact]
    public async Task Version_prints_the_engine_version_and_the_trust_lists()
    {
        var (code, output, _) = await CliRunner.RunAsync("--version");
        Assert.Equal(0, code);
        var lines = output.ReplaceLineEndings("\n").Trim().Split('\n');
        Assert.Matches(@"^mediatrust \d+\.\d+\.\d+", lines[0]);
        Assert.StartsWith("trust list: C2PA Trust List", lines[1], StringComparison.Ordinal);
    }
}
