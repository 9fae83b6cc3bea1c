using System.Globalization;
using Spectre.Console;

namespace MediaTrust.Cli.Commands;

/// <summary>The readable verdict and the summary table.</summary>
internal static partial class VerifyCommand
{
    /// <summary>
    /// A verdict in words (<see cref="Verdict.Describe"/>, the wording the web verifier shares), then what <c>--recover</c>
    /// found, labelled as recovered provenance, never as the file's own credentials.
    /// </summary>
    internal static string Describe(FileVerdict verdict, IReadOnlyList<string>? repositoryNames = null)
    {
        var text = verdict.Verdict.Describe(verdict.Path);
        if (verdict.Recovery is not { } recovery || repositoryNames is null)
        {
            return text;
        }

        if (recovery.NotSearched is { } reason)
        {
            return text + $"  recovery:    not searched ({reason})\n";
        }

        if (recovery.Accepted.Count == 0)
        {
            return text + (recovery.Candidates == 0
                ? "  recovery:    no provenance recovered (no manifest in the repositories has soft bindings close to this image)\n"
                : $"  recovery:    no provenance recovered ({recovery.Candidates} candidate(s), but not all of their soft bindings match this image, C2PA 2.4 §18.10.5.1)\n");
        }

        return text + "  RECOVERED PROVENANCE — found by the image's soft bindings in a manifest repository, not embedded in this file:\n"
            + RecoveryOutput.Describe(recovery.Accepted, repositoryNames, "    ");
    }

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
