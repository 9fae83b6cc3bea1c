using System.CommandLine;

namespace MediaTrust.Cli;

/// <summary>Composes the <c>mediatrust</c> commands; each command lives in its own file.</summary>
internal static class Program
{
    public static int Main(string[] args) => BuildRootCommand().Parse(args).Invoke();

    internal static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("MediaTrust: read, validate and sign C2PA content credentials; evaluate JPEG Trust profiles.");
        root.Subcommands.Add(Commands.FormulaCommand.Create());
        return root;
    }
}
