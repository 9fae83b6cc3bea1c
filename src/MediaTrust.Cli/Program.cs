using System.CommandLine;

namespace MediaTrust.Cli;

/// <summary>Composes the <c>mediatrust</c> commands; each command lives in its own file.</summary>
internal static class Program
{
    /// <summary>Exit code for a command line that does not parse (EX_USAGE, sysexits.h).</summary>
    public const int UsageError = 64;

    public static int Main(string[] args)
    {
        var result = BuildRootCommand().Parse(args);
        var code = result.Invoke();
        return result.Errors.Count > 0 ? UsageError : code;
    }

    internal static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("MediaTrust: read, validate and sign C2PA content credentials; evaluate JPEG Trust profiles.");
        root.Subcommands.Add(Commands.ReadCommand.Create());
        return root;
    }
}
