using System.Diagnostics;
using MediaTrust.Pki;
using MediaTrust.Validation;

namespace MediaTrust.LoadTest;

/// <summary>
/// What <c>mediatrust verify</c> does per file, in this process, on the same files with the same options and trust as the
/// server (the bundled default trust, the pinned time): read, validate, the verdict. Files from memory, so this is the
/// engine's rate without HTTP, spooling to disk or JSON.
/// </summary>
internal static class InProcessRate
{
    public static ReaderOptions Options(DateTimeOffset validationTime) => new()
    {
        Validation = new ValidationOptions { Trust = TrustStore.Default, ValidationTime = validationTime },
    };

    /// <summary>The verdict state of one file, as the command names it.</summary>
    public static async Task<string> StateAsync(byte[] file, ReaderOptions options)
    {
        try
        {
            var reader = await Reader.ReadAsync(new MemoryStream(file, writable: false), options);
            return Verdict.Of(reader.Validation!).StateName;
        }
        catch (Exception e) when (Verdict.Of(e) is { } verdict)
        {
            return verdict.StateName;
        }
    }

    /// <summary>Files per second over <paramref name="rounds"/> passes, with <paramref name="parallelism"/> files at once, and the CPU time used.</summary>
    public static async Task<(double FilesPerSecond, TimeSpan Cpu)> MeasureAsync(IReadOnlyList<byte[]> files, ReaderOptions options, int rounds, int parallelism)
    {
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var work = Enumerable.Range(0, rounds).SelectMany(_ => files);
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (file, _) => await StateAsync(file, options));
        var elapsed = Stopwatch.GetElapsedTime(started);
        self.Refresh();
        return (rounds * files.Count / elapsed.TotalSeconds, self.TotalProcessorTime - cpuBefore);
    }
}
