using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MediaTrust.LoadTest;

/// <summary>
/// The real web verifier (<c>dotnet MediaTrust.Server.dll</c>, built beside this assembly) as a child process on
/// 127.0.0.1 with a free port, so its memory is measured alone: peak resident set from <c>/proc/PID/status</c>
/// (<c>VmHWM</c>), CPU time from <c>/proc/PID/stat</c>. Stopped with SIGTERM (graceful shutdown), killed after 30 s.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _temp;

    private ServerProcess(Process process, DirectoryInfo temp, Uri address)
    {
        _process = process;
        _temp = temp;
        Address = address;
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The private folder its uploads are spooled to (<c>MediaTrust:TempDirectory</c>), deleted with it.</summary>
    public string TempDirectory => _temp.FullName;

    public int Id => _process.Id;

    /// <summary>Starts the server with <paramref name="settings"/> (configuration keys, e.g. <c>MediaTrust:RateLimitPermits</c>) and waits until it listens.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "MediaTrust.Server.dll");
        if (!File.Exists(server))
        {
            throw new FileNotFoundException("MediaTrust.Server.dll is not beside the load test; build the project that references it.", server);
        }

        var temp = Directory.CreateTempSubdirectory("mediatrust-webload-server-");
        var start = new ProcessStartInfo(DotnetHost(), ["exec", server, "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information", $"--MediaTrust:TempDirectory={temp.FullName}",
            .. settings.Select(s => $"--{s.Key}={s.Value}")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the server did not start");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            // Every line is drained (a full pipe would block the server); only the address is kept.
            if (e.Data is { } line && Listening().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line && errors.Count < 50)
            {
                errors.Enqueue(line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var exited = process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(listening.Task, exited);
        if (first != listening.Task)
        {
            process.Kill(entireProcessTree: true);
            temp.Delete(recursive: true);
            throw new InvalidOperationException("the server did not start listening: " + string.Join("\n", errors));
        }

        return new ServerProcess(process, temp, await listening.Task);
    }

    /// <summary>The peak resident set size of the server so far (<c>VmHWM</c>), in bytes.</summary>
    public long PeakResidentBytes() => StatusField("VmHWM:");

    /// <summary>The resident set size now (<c>VmRSS</c>), in bytes.</summary>
    public long ResidentBytes() => StatusField("VmRSS:");

    /// <summary>User plus system CPU time the server has used so far (<c>/proc/PID/stat</c> fields 14 and 15).</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12; in clock ticks of 1/100 s.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private long StatusField(string name)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"{name} is not in /proc/{_process.Id}/status");
    }

    /// <summary>The <c>dotnet</c> host that runs this process (or the one on PATH).</summary>
    private static string DotnetHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
        {
            return fromCli;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the server's graceful shutdown (docs/server.md, "Start it").
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                await kill!.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        try
        {
            _temp.Delete(recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
