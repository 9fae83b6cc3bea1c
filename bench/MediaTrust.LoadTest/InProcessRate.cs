using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.Pki;
using MediaTrust.Server;
using MediaTrust.TrustProfiles.Indicators;
using MediaTrust.Validation;

namespace MediaTrust.LoadTest;

/// <summary>
/// What the server does per file without HTTP, on the same files with the same options and trust (the bundled default
/// trust, the pinned time): read, validate, the verdict (as <c>mediatrust verify</c>), then the same default answer as
/// <c>POST /api/v1/verify</c> (the verdict in words, the manifest summaries, the Reader JSON, the XMP fallback for the AI
/// signal) written as UTF-8 to nowhere. Files come from memory (the XMP fallback reads the corpus file, as the server
/// reads its spooled copy), so this is the engine's rate without HTTP and without spooling to disk.
/// </summary>
internal static class InProcessRate
{
    public static ReaderOptions Options(DateTimeOffset validationTime) => new()
    {
        Validation = new ValidationOptions { Trust = TrustStore.Default, ValidationTime = validationTime },
    };

    /// <summary>The verdict state of one file, as the command names it, after building the API's default answer for it.</summary>
    public static async Task<string> StateAsync(InputFile file, ReaderOptions options)
    {
        Verification verification;
        try
        {
            var reader = await Reader.ReadAsync(new MemoryStream(file.Bytes, writable: false), options);
            verification = new Verification(reader, Verdict.Of(reader.Validation!), file.Bytes.Length);
        }
        catch (Exception e) when (Verdict.Of(e) is { } verdict)
        {
            verification = new Verification(null, verdict, file.Bytes.Length);
        }

        var answer = VerifyResponse.Build(Path.GetFileName(file.Path), verification, () => Metadata(file.Path, verification.Reader?.MediaType),
            detailed: false, crJson: false, thumbnails: false);
        using (var writer = new Utf8JsonWriter(Stream.Null))
        {
            answer.WriteTo(writer);
        }

        return verification.Verdict.StateName;
    }

    /// <summary>Files per second over <paramref name="rounds"/> passes, with <paramref name="parallelism"/> files at once, and the CPU time used.</summary>
    public static async Task<(double FilesPerSecond, TimeSpan Cpu)> MeasureAsync(IReadOnlyList<InputFile> files, ReaderOptions options, int rounds, int parallelism)
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

    /// <summary>The asset's XMP as the server's endpoint reads it for the AI fallback (unreadable metadata is none).</summary>
    private static JsonObject? Metadata(string path, string? mediaType)
    {
        try
        {
            return TrustIndicatorSet.Metadata(path, mediaType);
        }
        catch (Exception e) when (e is IOException or NotSupportedException)
        {
            return null;
        }
    }
}

/// <summary>A test file: where it is (its name, and the XMP fallback reads it there) and its bytes.</summary>
internal sealed record InputFile(string Path, byte[] Bytes);
