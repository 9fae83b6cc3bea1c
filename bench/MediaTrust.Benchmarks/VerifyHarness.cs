using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Testing;
using MediaTrust.Validation;

namespace MediaTrust.Benchmarks;

/// <summary>
/// Whole-program comparisons that BenchmarkDotNet does not fit (docs/benchmarks.md, "Validation"):
/// <list type="bullet">
/// <item><c>verify-large [MiB]</c>: generates a WAV whose data chunk is MiB (default 1024) of pseudo-random
/// bytes, signs it (ManifestBuilder + TestPki), then in a separate process times Reader.ReadFileAsync with
/// validation and reports that process's peak working set; times <c>openssl dgst -sha256</c> over the
/// same file; deletes the temp folder.</item>
/// <item><c>verify-jpegs CORPUS [rounds]</c>: every corpus JPEG read into memory, then read + validated
/// <c>rounds</c> times in-process (files per second), beside c2pa-rs's figure from
/// <c>oracle --bench --rounds 3</c> over the same files. With MEDIATRUST_BENCH_SLOWEST set it first lists the
/// 15 slowest files of one pass.</item>
/// </list>
/// </summary>
internal static class VerifyHarness
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool TryRun(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "verify-large":
                VerifyLargeAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1024).GetAwaiter().GetResult();
                return true;
            case "verify-measure":
                MeasureAsync(args[1], args[2]).GetAwaiter().GetResult();
                return true;
            case "verify-jpegs":
                VerifyJpegsAsync(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20).GetAwaiter().GetResult();
                return true;
            default:
                return false;
        }
    }

    private static async Task VerifyLargeAsync(int mebibytes)
    {
        var folder = Directory.CreateTempSubdirectory("mediatrust-verify-");
        try
        {
            var source = Path.Combine(folder.FullName, "source.wav");
            var signed = Path.Combine(folder.FullName, "signed.wav");
            WriteWav(source, (long)mebibytes * 1024 * 1024);
            var pki = TestPki.Create(SigningAlgorithm.ES256, At.AddDays(-30), At.AddDays(30));
            using (var signer = pki.CreateClaimSigner())
            {
                var definition = ManifestDefinition.FromJson("""
                    { "claim_generator_info": [{ "name": "MediaTrust benchmarks", "version": "1.0" }], "title": "large.wav",
                      "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.created",
                        "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" } ] } } ] }
                    """);
                await new ManifestBuilder(definition).SignFileAsync(source, signed, signer);
            }

            File.Delete(source);
            var root = Path.Combine(folder.FullName, "root.pem");
            await File.WriteAllTextAsync(root, pki.Root.CertificatePem);
            Console.WriteLine($"file: {new FileInfo(signed).Length:N0} bytes (WAV, {mebibytes} MiB of data)");

            for (var run = 1; run <= 2; run++)
            {
                Console.WriteLine($"MediaTrust run {run}: {Run(SelfCommand(), $"verify-measure \"{signed}\" \"{root}\"").Output.Trim()}");
                var openssl = Run("openssl", $"dgst -sha256 \"{signed}\"");
                Console.WriteLine($"openssl dgst -sha256 run {run}: {openssl.Seconds:F2} s");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>In its own process, so the peak working set is validation's alone (runtime included).</summary>
    private static async Task MeasureAsync(string file, string rootPem)
    {
        var options = new ReaderOptions
        {
            Validation = new ValidationOptions { Trust = new TrustStoreBuilder().AddSignerAnchorsFromPem(await File.ReadAllTextAsync(rootPem)).Build(), ValidationTime = At },
        };
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var reader = await Reader.ReadFileAsync(file, options);
        watch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{watch.Elapsed.TotalSeconds:F2} s, state {reader.Validation!.State}, peak working set {self.PeakWorkingSet64 / (1024.0 * 1024):F1} MiB, allocated {allocated / (1024.0 * 1024):F1} MiB"));
    }

    private static async Task VerifyJpegsAsync(string corpus, int rounds)
    {
        var files = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        var bytes = files.Select(File.ReadAllBytes).ToList();
        var options = new ReaderOptions { Validation = new ValidationOptions { ValidationTime = At } };
        var errors = 0;

        async Task OnceAsync()
        {
            foreach (var data in bytes)
            {
                try
                {
                    _ = (await Reader.ReadAsync(new MemoryStream(data, writable: false), options)).Validation;
                }
                catch (Exception e) when (e is MalformedContentException or NoManifestException or NotSupportedException)
                {
                    errors++;
                }
            }
        }

        await OnceAsync(); // warm-up: JIT, as the oracle's first call compiles its WebAssembly
        if (Environment.GetEnvironmentVariable("MEDIATRUST_BENCH_SLOWEST") is not null)
        {
            var times = new List<(double Ms, string File)>();
            for (var i = 0; i < bytes.Count; i++)
            {
                var w = Stopwatch.StartNew();
                try
                {
                    _ = (await Reader.ReadAsync(new MemoryStream(bytes[i], writable: false), options)).Validation;
                }
                catch (Exception e) when (e is MalformedContentException or NoManifestException or NotSupportedException)
                {
                }

                times.Add((w.Elapsed.TotalMilliseconds, files[i]));
            }

            foreach (var (ms, file) in times.OrderByDescending(t => t.Ms).Take(15))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ms,8:F1} ms  {Path.GetRelativePath(corpus, file)}"));
            }
        }

        errors = 0;
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            await OnceAsync();
        }

        watch.Stop();
        self.Refresh();
        cpu = self.TotalProcessorTime - cpu;
        var megabytes = bytes.Sum(b => (long)b.Length) * rounds / 1e6;
        var ours = files.Count * rounds / watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MediaTrust: {files.Count} JPEGs x {rounds} rounds in {watch.Elapsed.TotalSeconds:F2} s = {ours:F1} files/s, {megabytes / watch.Elapsed.TotalSeconds:F1} MB/s ({errors / rounds} per round without a readable store); CPU {cpu.TotalSeconds:F2} s = {files.Count * rounds / cpu.TotalSeconds:F1} files per CPU-second"));

        var oracle = Path.Combine(corpus, "..", "tools", "c2pa-oracle", "oracle");
        var args = new StringBuilder("--bench --rounds 3");
        foreach (var file in files)
        {
            args.Append(" \"").Append(file).Append('"');
        }

        var result = Run(oracle, args.ToString());
        var line = result.Output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        var theirs = line is null ? (double?)null : JsonNode.Parse(line)!["files_per_s"]!.GetValue<double>();
        Console.WriteLine($"c2pa-rs (oracle --bench --rounds 3): {line ?? result.Output}");
        if (theirs is { } t)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio: {ours / t:F1}x c2pa-rs's files per second"));
        }
    }

    private static void WriteWav(string path, long dataBytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        TestMedia.WriteWav(stream, dataBytes, seed: 42);
    }

    private static string SelfCommand() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? $"{Environment.ProcessPath}\" \"{typeof(VerifyHarness).Assembly.Location}" : Environment.ProcessPath!;

    private static (string Output, double Seconds) Run(string command, string arguments)
    {
        var start = new ProcessStartInfo("bash", ["-c", $"\"{command}\" {arguments}"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        watch.Stop();
        return (output.Result + (process.ExitCode == 0 ? "" : error.Result), watch.Elapsed.TotalSeconds);
    }
}
