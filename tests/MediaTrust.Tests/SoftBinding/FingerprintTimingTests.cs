using System.Diagnostics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;

namespace MediaTrust.SoftBinding;

/// <summary>
/// Fingerprinting a 12-megapixel JPEG (4000×3000, docs/benchmarks.md): decode, PDQ with its variants and the ISCC with
/// its variants. Prints the times and the managed memory allocated; checks only that the fingerprints are sound.
/// </summary>
[Trait("Category", "Load")]
public sealed class FingerprintTimingTests(ITestOutputHelper output)
{
    [Fact]
    public void A_twelve_megapixel_jpeg()
    {
        byte[] jpeg;
        using (var card = PdqTests.TestCard(4000, 3000))
        using (var stream = new MemoryStream())
        {
            card.SaveAsJpeg(stream, new JpegEncoder { Quality = 90 });
            jpeg = stream.ToArray();
        }

        var times = new List<double>();
        ImageFingerprints? fingerprints = null;
        long allocated = 0;
        for (var run = 0; run < 4; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            fingerprints = ImageFingerprints.Compute(new MemoryStream(jpeg));
            times.Add(watch.Elapsed.TotalMilliseconds);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        output.WriteLine($"12 MP JPEG ({jpeg.Length:N0} bytes): {string.Join(", ", times.Select(t => $"{t:F0} ms"))} (first run includes JIT); {allocated / 1048576.0:F0} MiB allocated on this thread per run");
        Assert.True(fingerprints!.PdqQuality > 0);
        Assert.Equal(10, fingerprints.Iscc.Length);
    }
}
