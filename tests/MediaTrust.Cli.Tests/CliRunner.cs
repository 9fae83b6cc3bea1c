using System.CommandLine;
using System.Diagnostics;

namespace MediaTrust.Cli;

/// <summary>
/// Runs <c>mediatrust</c> with captured output: in-process, or, when <c>MEDIATRUST_CLI_EXE</c> names an executable (the
/// Native AOT binary, docs/cli.md "Native executable"), as that process, so the same suite proves the native build.
/// </summary>
internal static class CliRunner
{
    /// <summary>The executable under test, or null to run in-process.</summary>
    public static string? Executable { get; } = Environment.GetEnvironmentVariable("MEDIATRUST_CLI_EXE") is { Length: > 0 } exe ? Path.GetFullPath(exe) : null;

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        if (Executable is not null)
        {
            return await RunProcessAsync(Executable, args, TestContext.Current.CancellationToken);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.RunAsync(args, new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<(int, string, string)> RunProcessAsync(string exe, string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {exe}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        // Bounded: a hung command fails its test instead of the run.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
