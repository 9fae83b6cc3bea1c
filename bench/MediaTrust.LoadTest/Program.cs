using System.Globalization;
using System.Net;

namespace MediaTrust.LoadTest;

/// <summary>
/// The web verifier's load test (docs/benchmarks.md, "Web verifier"): the real server as a child process on loopback,
/// <c>POST /api/v1/verify</c> over the corpus JPEGs at 1, 4 and 16 concurrent clients beside the engine's in-process rate on
/// the same files, then concurrent large uploads and the server's peak resident set. Bounded in requests and time.
/// <code>
/// dotnet run -c Release --project bench/MediaTrust.LoadTest -- [--corpus DIR] [--requests 1000] [--seconds 60]
///     [--rounds 5] [--uploads 16] [--upload-mib 200] [--only throughput|memory]
/// </code>
/// </summary>
internal static class Program
{
    /// <summary>The validation time of both sides (certificates expire).</summary>
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> Main(string[] args)
    {
        var options = Arguments.Parse(args);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        Console.WriteLine($"# MediaTrust web verifier load test, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, " +
            $"load average {LoadAverage()}, .NET {Environment.Version}");
        var failed = false;
        if (options.Only is null or "throughput")
        {
            failed |= !await ThroughputAsync(options, cancel.Token);
        }

        if (options.Only is null or "memory")
        {
            failed |= !await MemoryAsync(options, cancel.Token);
        }

        return failed ? 1 : 0;
    }

    private static async Task<bool> ThroughputAsync(Arguments options, CancellationToken cancellationToken)
    {
        var (paths, note) = CorpusJpegs(options.Corpus);
        var inputs = paths.Select(path => new InputFile(path, File.ReadAllBytes(path))).ToList();
        var files = inputs.Select(input => input.Bytes).ToList();
        Console.WriteLine($"\n{files.Count} JPEGs, {files.Sum(f => (long)f.Length) / 1e6:F1} MB{note}");

        // The engine and the API's default answer in-process: one warm-up pass, then the timed passes, one file at a time and one per core.
        var readerOptions = InProcessRate.Options(At);
        var inProcessStates = new List<string>();
        foreach (var input in inputs)
        {
            inProcessStates.Add(await InProcessRate.StateAsync(input, readerOptions));
        }

        // Untimed, as the server's warm-up below: enough passes for tiered compilation to reach its optimized code. With one
        // pass only, the in-process side was timed partly on unoptimized code, and on a loaded machine (where the background
        // compiler waits for a core) its CPU per file came out above the server's.
        _ = await InProcessRate.MeasureAsync(inputs, readerOptions, 3, Environment.ProcessorCount);
        var single = await InProcessRate.MeasureAsync(inputs, readerOptions, options.Rounds, 1);
        var parallel = await InProcessRate.MeasureAsync(inputs, readerOptions, options.Rounds, Environment.ProcessorCount);

        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["MediaTrust:ValidationTime"] = At.ToString("O", CultureInfo.InvariantCulture),
            ["MediaTrust:RateLimitPermits"] = "100000000",
        }, cancellationToken);
        var warm = await LoadRunner.WarmUpAsync(server.Address, files, cancellationToken);
        var disagreements = Enumerable.Range(0, files.Count).Where(i => warm[i].State != inProcessStates[i]).ToList();
        foreach (var i in disagreements)
        {
            Console.WriteLine($"DISAGREE {paths[i]}: API {(int)warm[i].Status} {warm[i].State}, in-process {inProcessStates[i]}");
        }

        var expected = warm.Select(w => w.Status).ToList();

        // Untimed: enough requests for tiered compilation to reach its optimized code, as the in-process side had.
        _ = await LoadRunner.RunLevelAsync(server, files, expected, 4, 3 * files.Count, TimeSpan.FromSeconds(options.Seconds), cancellationToken);
        var levels = new List<LevelResult>();
        foreach (var clients in new[] { 1, 4, 16 })
        {
            levels.Add(await LoadRunner.RunLevelAsync(server, files, expected, clients, options.Requests, TimeSpan.FromSeconds(options.Seconds), cancellationToken));
        }

        var states = string.Join(", ", warm.GroupBy(w => w.State).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} {g.Key}"));
        Console.WriteLine($"verdicts: {states}; API and in-process agree on {files.Count - disagreements.Count} of {files.Count}");
        Console.WriteLine($"server peak resident set: {server.PeakResidentBytes() / 1048576.0:F0} MiB\n");
        Console.WriteLine("| Clients | Requests | Files/s | p50 | p99 | Files per server CPU-second | Unexpected status | vs in-process (all cores) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var level in levels)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {level.Clients} | {level.Requests} | {level.FilesPerSecond:F0} | {level.P50.TotalMilliseconds:F1} ms | {level.P99.TotalMilliseconds:F1} ms | {level.FilesPerServerCpuSecond:F0} | {level.Unexpected} | {100 * level.FilesPerSecond / parallel.FilesPerSecond:F0} % |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| in-process, 1 at a time | {options.Rounds * files.Count} | {single.FilesPerSecond:F0} | | | {options.Rounds * files.Count / single.Cpu.TotalSeconds:F0} | | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| in-process, {Environment.ProcessorCount} at a time | {options.Rounds * files.Count} | {parallel.FilesPerSecond:F0} | | | {options.Rounds * files.Count / parallel.Cpu.TotalSeconds:F0} | | 100 % |"));
        var best = levels.Max(l => l.FilesPerSecond);
        var met = best >= 0.6 * parallel.FilesPerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nbest API rate {best:F0} files/s = {100 * best / parallel.FilesPerSecond:F0} % of in-process on all cores ({100 * best / single.FilesPerSecond:F0} % of one at a time): target 60 % {(met ? "met" : "NOT met")}"));
        return disagreements.Count == 0 && levels.All(l => l.Unexpected == 0);
    }

    private static async Task<bool> MemoryAsync(Arguments options, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("mediatrust-webload-upload-");
        try
        {
            var file = Path.Combine(folder.FullName, "large.jpg");
            LoadRunner.WritePaddedJpeg(Samples("gradient-signed.jpg"), file, options.UploadMiB * 1048576L);
            var expected = await InProcessRate.StateAsync(new InputFile(file, File.ReadAllBytes(file)), InProcessRate.Options(At));
            await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
            {
                ["MediaTrust:ValidationTime"] = At.ToString("O", CultureInfo.InvariantCulture),
                ["MediaTrust:RateLimitPermits"] = "100000000",
                ["MediaTrust:ValidationQueueLimit"] = options.Uploads.ToString(CultureInfo.InvariantCulture),
            }, cancellationToken);
            var idle = server.ResidentBytes();
            var result = await LoadRunner.RunUploadsAsync(server, file, options.Uploads, cancellationToken);
            var wrong = result.States.Count(s => s != expected);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"\n{result.Uploads} concurrent uploads of {result.BytesEach / 1048576.0:F0} MiB ({result.BytesEach:N0} bytes): {result.Elapsed.TotalSeconds:F1} s, " +
                $"{result.Uploads * result.BytesEach / 1048576.0 / result.Elapsed.TotalSeconds:F0} MiB/s; server resident set {idle / 1048576.0:F0} MiB idle, " +
                $"peak {result.PeakResidentBytes / 1048576.0:F0} MiB (limit 300 MiB: {(result.PeakResidentBytes < 300L << 20 ? "met" : "NOT met")}); " +
                $"verdicts: {string.Join(", ", result.States.GroupBy(s => s).Select(g => $"{g.Count()} {g.Key}"))} (in-process: {expected}); " +
                $"files left in the upload folder: {result.LeftoverFiles}"));
            return wrong == 0 && result.PeakResidentBytes < 300L << 20 && result.LeftoverFiles == 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The corpus JPEGs, or the project's samples when there is no corpus (with a note saying so).</summary>
    private static (List<string> Files, string Note) CorpusJpegs(string? corpus)
    {
        corpus ??= FindUp("shared/corpus");
        if (corpus is not null && Directory.Exists(corpus))
        {
            var files = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToList();
            if (files.Count > 0)
            {
                return (files, $" from {corpus}");
            }
        }

        var samples = Directory.EnumerateFiles(Samples(null), "*.jpg").Order(StringComparer.Ordinal).ToList();
        return (samples, " from samples/ (NOTE: no corpus found: pass --corpus DIR; these figures are not comparable with the corpus ones)");
    }

    private static string Samples(string? file)
    {
        var samples = FindUp("samples") ?? throw new DirectoryNotFoundException("samples/ is not above the load test");
        return file is null ? samples : Path.Combine(samples, file);
    }

    /// <summary>A folder found walking up from this assembly (the repository's samples/, the corpus beside the repository).</summary>
    private static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed record Arguments(string? Corpus, int Requests, int Seconds, int Rounds, int Uploads, int UploadMiB, string? Only)
    {
        public static Arguments Parse(string[] args)
        {
            var parsed = new Arguments(null, 1000, 60, 5, 16, 200, null);
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
                parsed = args[i] switch
                {
                    "--corpus" => parsed with { Corpus = value },
                    "--requests" => parsed with { Requests = Positive(value) },
                    "--seconds" => parsed with { Seconds = Positive(value) },
                    "--rounds" => parsed with { Rounds = Positive(value) },
                    "--uploads" => parsed with { Uploads = Positive(value) },
                    "--upload-mib" => parsed with { UploadMiB = Positive(value) },
                    "--only" when value is "throughput" or "memory" => parsed with { Only = value },
                    _ => throw new ArgumentException($"unknown option {args[i]} {value}"),
                };
                i++;
            }

            return parsed;
        }

        private static int Positive(string value) =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : throw new ArgumentException($"not a positive number: {value}");
    }
}
