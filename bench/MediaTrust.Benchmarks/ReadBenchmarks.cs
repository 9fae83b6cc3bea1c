using System.Formats.Cbor;
using BenchmarkDotNet.Attributes;
using MediaTrust.Formats.Jpeg;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

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
        var claim = Cbor(w =>
        {
            w.WriteStartMap(3);
            w.WriteTextString("instanceID");
            w.WriteTextString("x-1");
            w.WriteTextString("dc:title");
            w.WriteTextString("bench");
            w.WriteTextString("signature");
            w.WriteTextString("self#jumbf=c2pa.signature");
            w.WriteEndMap();
        });
        var actions = Cbor(w =>
        {
            w.WriteStartMap(1);
            w.WriteTextString("actions");
            w.WriteStartArray(1);
            w.WriteStartMap(1);
            w.WriteTextString("action");
            w.WriteTextString("c2pa.created");
            w.WriteEndMap();
            w.WriteEndArray();
            w.WriteEndMap();
        });
        var manifest = JumbfWriter.SuperBox(C2paBoxes.StandardManifest, "urn:c2pa:00000000-0000-4000-8000-000000000000",
        [
            JumbfWriter.SuperBox(C2paBoxes.AssertionStore, "c2pa.assertions",
            [
                JumbfWriter.SuperBox(JumbfTypes.Cbor, "c2pa.actions.v2", [JumbfWriter.ContentBox(BoxTypes.Cbor, actions)]),
                JumbfWriter.SuperBox(JumbfTypes.EmbeddedFile, "c2pa.thumbnail.claim",
                [
                    JumbfWriter.ContentBox(BoxTypes.EmbeddedFileDescription, EmbeddedFileDescription.Encode("image/jpeg")),
                    JumbfWriter.ContentBox(BoxTypes.EmbeddedFileData, thumbnail),
                ]),
            ]),
            JumbfWriter.SuperBox(C2paBoxes.Claim, "c2pa.claim.v2", [JumbfWriter.ContentBox(BoxTypes.Cbor, claim)]),
            JumbfWriter.SuperBox(C2paBoxes.ClaimSignature, "c2pa.signature", [JumbfWriter.ContentBox(BoxTypes.Cbor, Convert.FromHexString("D28440A0F640"))]),
        ]);
        var store = JumbfWriter.SuperBox(C2paBoxes.ManifestStore, "c2pa", [manifest]);
        var plain = Convert.FromHexString("FFD8" + "FFE000104A46494600010100000100010000" + "FFDA000C03010002110311003F00")
            .Concat(scan).Concat(Convert.FromHexString("FFD9")).ToArray();
        using var output = new MemoryStream();
        JpegFormat.Instance.Embed(new MemoryStream(plain), output, store);
        _jpeg = output.ToArray();
        _ = Reader.ReadAsync(new MemoryStream(_jpeg), ReaderOptions.StoreOnly).GetAwaiter().GetResult(); // fail fast if the generated file does not read
    }

    private static byte[] Cbor(Action<CborWriter> write)
    {
        var writer = new CborWriter();
        write(writer);
        return writer.Encode();
    }

    [Benchmark(Baseline = true)]
    public async Task<string?> ReaderActiveManifest() => (await Reader.ReadAsync(new MemoryStream(_jpeg, writable: false), ReaderOptions.StoreOnly)).ActiveManifestLabel;

    [Benchmark]
    public int FullLayoutScan() => JpegFormat.Instance.ReadLayout(new MemoryStream(_jpeg, writable: false)).Boxes.Count;
}
