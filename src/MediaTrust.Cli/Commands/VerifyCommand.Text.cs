using System.Globalization;
using Spectre.Console;

namespace MediaTrust.Cli.Commands;

/// <summary>The readable verdict and the summary table.</summary>
internal static partial class VerifyCommand
{
    /// <summary>A verdict in words (<see cref="Verdict.Describe"/>, the wording the web verifier shares).</summary>
    internal static string Describe(FileVerdict verdict) => verdict.Verdict.Describe(verdict.Path);

    /// <summary>Counts per state, as a table.</summary>
    private static void WriteSummary(FileVerdict[] verdicts, TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(stdout),
        });
        var table = new Table().AddColumn("state").AddColumn(new TableColumn("files").RightAligned());
        foreach (var outcome in Enum.GetValues<VerdictOutcome>())
        {
            var count = verdicts.Count(v => v.Outcome == outcome);
            table.AddRow(Verdict.StateNameOf(outcome), count.ToString(CultureInfo.InvariantCulture));
        }

        table.AddRow("total", verdicts.Length.ToString(CultureInfo.InvariantCulture));
        console.Write(table);
    }
}
