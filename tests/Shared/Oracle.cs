using System.Diagnostics;
using System.Text.Json.Nodes;

namespace MediaTrust.Testing;

/// <summary>
/// Runs c2pa-rs (the reference implementation, <c>../shared/tools/c2pa-oracle/oracle</c>) on a file.
/// A test that needs it is skipped with the reason where <c>../shared</c>, the oracle or Node.js is
/// missing (a fresh clone), and fails where the shared folder is required (CI): it never passes
/// without having asked.
/// </summary>
internal static class Oracle
{
    /// <summary>Runs the oracle and parses the JSON it prints.</summary>
    /// <param name="file">The file to read.</param>
    /// <param name="mode"><c>summary</c>, <c>json</c> or <c>crjson</c>.</param>
    /// <param name="anchorsPem">A PEM file of trust anchors, or null for none.</param>
    public static JsonNode Run(string file, string mode = "summary", string? anchorsPem = null)
    {
        // The oracle script copies its entry point into its cache on every call, outside its install
        // lock, so two calls starting at the same instant can collide: "install: cannot create regular
        // file ...: File exists", or node reading the entry point while the other call rewrites it and
        // printing nothing. Neither says anything about the file under test: run again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return RunOnce(file, mode, anchorsPem);
            }
            catch (OracleSilentException) when (attempt < 5)
            {
                Thread.Sleep(50 * attempt);
            }
        }
    }

    private static JsonNode RunOnce(string file, string mode, string? anchorsPem)
    {
        var shared = SharedFolder.Path;
        if (shared is null)
        {
            SharedFolder.Missing("../shared is missing: this differential test needs the c2pa-rs oracle in ../shared/tools/c2pa-oracle (set MEDIATRUST_SHARED to its folder).");
        }

        var oracle = Path.Combine(shared, "tools", "c2pa-oracle", "oracle");
        if (!File.Exists(oracle))
        {
            SharedFolder.Missing($"the c2pa-rs oracle is missing at {oracle}.");
        }

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { oracle, file, "--mode", mode })
        {
            start.ArgumentList.Add(argument);
        }

        if (anchorsPem is not null)
        {
            start.ArgumentList.Add("--anchors");
            start.ArgumentList.Add(anchorsPem);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            SharedFolder.Missing($"cannot run the c2pa-rs oracle (bash and Node.js are needed): {e.Message}");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("the c2pa-rs oracle did not answer within 3 minutes");
            }

            var text = output.Result;
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new OracleSilentException($"the c2pa-rs oracle printed nothing (exit {process.ExitCode}): {error.Result}");
            }

            return JsonNode.Parse(text)!;
        }
    }

    /// <summary>Runs c2pa-rs with <paramref name="anchorsPem"/> and asserts it reports no failure and the Trusted state.</summary>
    /// <returns>The summary, for further checks.</returns>
    public static JsonNode RunTrusted(string file, string anchorsPem, string? what = null)
    {
        var summary = Run(file, anchorsPem: anchorsPem);
        Assert.True(summary["failure"]!.AsArray().Count == 0, $"c2pa-rs reported failures{(what is null ? "" : " for " + what)}: {summary.ToJsonString()}");
        Assert.Equal("Trusted", summary["state"]!.GetValue<string>());
        return summary;
    }

    /// <summary>The success codes of a summary.</summary>
    public static IEnumerable<string> Successes(JsonNode summary) => summary["success"]!.AsArray().Select(n => n!.GetValue<string>());
}

/// <summary>The oracle printed no verdict (after retries, a real failure: Node.js, npm or the oracle itself).</summary>
internal sealed class OracleSilentException(string message) : InvalidOperationException(message);
