using System.Globalization;
using System.Reflection;

namespace MediaTrust.Cli;

/// <summary>What <c>mediatrust --version</c> prints (docs/cli.md, "Version").</summary>
internal static class VersionInfo
{
    /// <summary>The engine version, then one line per bundled trust list with its name and issue date.</summary>
    public static string Text()
    {
        // The informational version carries the commit after '+' (SDK source-control info); the engine is named without it,
        // as in the reports' "engine" field (docs/validation.md).
        var engine = typeof(Reader).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = engine.IndexOf('+', StringComparison.Ordinal);
        var version = plus < 0 ? engine : engine[..plus];
        var commit = plus < 0 ? null : engine[(plus + 1)..];
        var lines = new List<string> { commit is null ? $"mediatrust {version}" : $"mediatrust {version} (commit {commit[..Math.Min(12, commit.Length)]})" };
        lines.AddRange(TrustLists());
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>One line per trust list shipped inside the tool (docs/cli.md, "Default trust").</summary>
    private static IEnumerable<string> TrustLists()
    {
        foreach (var list in new[] { Pki.BundledTrustLists.Signers.Info, Pki.BundledTrustLists.TimeStamping.Info })
        {
            var sequence = list.SequenceNumber is { } number ? string.Create(CultureInfo.InvariantCulture, $", #{number}") : string.Empty;
            yield return string.Create(CultureInfo.InvariantCulture, $"trust list: {list.Name}{sequence}, issued {list.IssueDate:yyyy-MM-dd} (bundled)");
        }
    }
}
