using BenchmarkDotNet.Attributes;
using MediaTrust.Formats.Jpeg;
using MediaTrust.Testing;

namespace MediaTrust.Benchmarks;

/// <summary>
/// Reading the manifest store of a ~2 MB JPEG: the Reader path (segments up to the first scan, store parse,
/// public views) and the full layout scan that also walks the entropy-coded data for c2pa.hash.boxes.
/// The JPEG is generated: 2 MB of scan data and a store whose thumbnail is 40 KB.
/// </summary>
[MemoryDiagnoser]
public class ReadBenchmarks
{
    private byte[] _jpeg = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var scan = new byte[2 * 1024 * 1024];
        random.NextBytes(scan);
        for (var i = 0; i < scan.Length; i++)
        {
            if (scan[i] == 0xFF)
            {
                scan[i] = 0xFE; // no markers inside the entropy data
            }
        }

        var thumbnail = new byte[40 * 1024];
        random.NextBytes(thumbnail);
        var manifest = TestStores.Manifest("urn:c2pa:00000000-0000-4000-8000-000000000000", "bench", assertions:
        [
            TestStores.CborAssertion("c2pa.actions.v2", TestStores.Actions()),
            TestStores.ThumbnailAssertion("c2pa.thumbnail.claim", thumbnail),
        ]);
        var store = TestStores.Store(manifest);
        var plain = Convert.FromHexString("FFD8" + "FFE000104A46494600010100000100010000" + "FFDA000C03010002110311003F00")
            .Concat(scan).Concat(Convert.FromHexString("FFD9")).ToArray();
        using var output = new MemoryStream();
        JpegFormat.Instance.Embed(new MemoryStream(plain), output, store);
        _jpeg = output.ToArray();
        _ = Reader.ReadAsync(new MemoryStream(_jpeg), ReaderOptions.StoreOnly).GetAwaiter().GetResult(); // fail fast if the generated file does not read
    }

    [Benchmark(Baseline = true)]
    public async Task<string?> ReaderActiveManifest() => (await Reader.ReadAsync(new MemoryStream(_jpeg, writable: false), ReaderOptions.StoreOnly)).ActiveManifestLabel;

    [Benchmark]
    public int FullLayoutScan() => JpegFormat.Instance.ReadLayout(new MemoryStream(_jpeg, writable: false)).Boxes.Count;
}
