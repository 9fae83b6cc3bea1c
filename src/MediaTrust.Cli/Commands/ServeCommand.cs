using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// <c>mediatrust serve [--port N] [--open] [--trust-anchors PEM]… [--tsa-anchors PEM]…</c>: runs the web verifier
/// (docs/server.md) on loopback only, for one person, so files never leave the machine. Stops on Ctrl+C.
/// </summary>
internal static class ServeCommand
{
    /// <summary>The port the page is served on unless --port says otherwise.</summary>
    public const int DefaultPort = 5180;

    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "The loopback port (0 picks a free one).", DefaultValueFactory = _ => DefaultPort };
        var open = new Option<bool>("--open") { Description = "Open the page in the default browser once the server listens." };
        var anchors = new Option<FileInfo[]>("--trust-anchors") { Description = "PEM file of trust anchors for claim signers (e.g. the C2PA trust list). Repeatable." };
        var tsaAnchors = new Option<FileInfo[]>("--tsa-anchors") { Description = "PEM file of trust anchors for time-stamping authorities. Repeatable." };
        var command = new Command("serve", "Run the web verifier and its REST API on this machine only (http://127.0.0.1:PORT).") { port, open, anchors, tsaAnchors };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            var number = parse.GetValue(port);
            if (number is < 0 or > 65535)
            {
                await stderr.WriteLineAsync($"error: --port {number} is not a port (0 to 65535)");
                return ExitCodes.Usage;
            }

            var files = (parse.GetValue(anchors) ?? []).Select(f => ("TrustAnchors", f)).Concat((parse.GetValue(tsaAnchors) ?? []).Select(f => ("TsaAnchors", f))).ToList();
            foreach (var (_, file) in files.Where(f => !f.Item2.Exists))
            {
                await stderr.WriteLineAsync($"error: {file.FullName} does not exist");
                return ExitCodes.Usage;
            }

            return await RunAsync(number, parse.GetValue(open), files, parse.InvocationConfiguration.Output, stderr, cancellationToken);
        });
        return command;
    }

#if MEDIATRUST_NATIVE
    private static async Task<int> RunAsync(int port, bool open, List<(string Key, FileInfo File)> trust, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        _ = (port, open, trust, stdout, cancellationToken);
        await stderr.WriteLineAsync("error: the native executable has no web server. Run 'serve' from the .NET tool (dotnet tool install MediaTrust.Cli) " +
            "or from a clone: dotnet run --project src/MediaTrust.Server");
        return ExitCodes.Error;
    }
#else
    private static async Task<int> RunAsync(int port, bool open, List<(string Key, FileInfo File)> trust, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>();
        var settings = new List<KeyValuePair<string, string?>>();
        foreach (var (key, file) in trust)
        {
            var index = counts[key] = counts.GetValueOrDefault(key) + 1;
            settings.Add(new($"MediaTrust:{key}:{index - 1}", file.FullName));
        }

        // Loopback only, whatever appsettings.json says: serve is for the person at this machine.
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        Microsoft.AspNetCore.Builder.WebApplication app;
        try
        {
            app = Server.VerifierApp.Build(["--urls", url], builder => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(builder.Configuration, settings));
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }

        await using (app)
        {
            await app.StartAsync(cancellationToken);
            var address = app.Urls.FirstOrDefault() ?? url;
            await stdout.WriteLineAsync($"MediaTrust web verifier: {address}/  (API reference: {address}/scalar/v1; Ctrl+C stops)");
            if (open)
            {
                OpenBrowser(address + "/", stderr);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: shut down gracefully below.
            }

            await app.StopAsync(CancellationToken.None);
        }

        return ExitCodes.Ok;
    }

    private static void OpenBrowser(string url, TextWriter stderr)
    {
        var opener = OperatingSystem.IsWindows() ? "explorer.exe" : OperatingSystem.IsMacOS() ? "open" : "xdg-open";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(opener, url) { UseShellExecute = false });
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            stderr.WriteLine($"warning: cannot open a browser ({opener}: {e.Message}); open {url} yourself");
        }
    }
#endif
}
