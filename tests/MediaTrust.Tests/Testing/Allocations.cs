using MediaTrust.IO;

namespace MediaTrust.Testing;

/// <summary>
/// Measures what reading a hostile input costs in allocated bytes on the calling thread (the readers under test
/// are synchronous), so the robustness tests bound memory by the input's size rather than by wall-clock time.
/// </summary>
internal static class Allocations
{
    /// <summary>Fixed cost of one read whatever the input (runtime, crypto and JSON set-up), on top of the per-byte bound.</summary>
    public const long Baseline = 16L * 1024 * 1024;

    /// <summary>Bytes allocated on this thread by <paramref name="action"/>.</summary>
    public static long Of(Action action)
    {
        // No warm-up run: it would leave large pooled buffers behind for the measured run to reuse uncounted.
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>
    /// Reads <paramref name="file"/> as the CLI's verify does (parse, validate, both JSON views), treating the
    /// documented failures as outcomes, and returns the bytes allocated.
    /// </summary>
    public static long OfReading(byte[] file) => Of(() =>
    {
        try
        {
            var reader = StoreReads.Stream(new MemoryStream(file, writable: false));
            _ = reader.ToJson();
            _ = reader.ToDetailedJson();
        }
        catch (Exception e) when (e is MalformedContentException or NoManifestException)
        {
            // a documented outcome for bad input: the cost to reach it is what is measured
        }
    });

    /// <summary>Asserts <paramref name="allocated"/> ≤ <paramref name="perInputByte"/> × input length + <see cref="Baseline"/>.</summary>
    public static void AssertBounded(long allocated, long inputLength, int perInputByte)
    {
        var bound = (perInputByte * inputLength) + Baseline;
        Assert.True(allocated <= bound,
            $"reading {inputLength} bytes allocated {allocated:N0} bytes, more than {perInputByte} × input + {Baseline:N0} = {bound:N0}");
    }
}
