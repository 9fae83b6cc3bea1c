// Format calls here run on small in-memory streams; test cancellation adds nothing.
#pragma warning disable xUnit1051

using MediaTrust.Formats.Jpeg;
using MediaTrust.IO;
using MediaTrust.Manifests;
using MediaTrust.Testing;

namespace MediaTrust.Formats;

public sealed class JpegFormatTests
{
    private static byte[] Embed(byte[] source, byte[] store, out StorePlacement placement)
    {
        using var output = new MemoryStream();
        placement = JpegFormat.Instance.Embed(new MemoryStream(source), output, store);
        return output.ToArray();
    }

    [Fact]
    public void Embed_then_read_gives_the_store_back_and_remove_gives_the_original()
    {
        var original = TestStores.Jpeg();
        var store = TestStores.Store(TestStores.Manifest("urn:c2pa:a", "t"));
        var embedded = Embed(original, store, out var placement);

        Assert.Same(JpegFormat.Instance, AssetFormats.Detect(embedded));
        var layout = JpegFormat.Instance.ReadLayout(new MemoryStream(embedded));
        var found = Assert.Single(layout.Stores);
        Assert.Equal(store, found.Jumbf.ToArray());
        Assert.Equal(placement.Carriage, found.Carriage);
        // After SOI and APP0, as c2pa-rs places it.
        Assert.Equal(2 + 18, placement.Carriage[0].Start);
        Assert.Equal(["SOI", "APP0", "C2PA", "DQT", "SOS", "RST0", "EOI"], layout.Boxes.Select(b => b.Name));
        Assert.Equal(embedded.Length, layout.Boxes[^1].Range.End);

        using var removed = new MemoryStream();
        JpegFormat.Instance.Remove(new MemoryStream(embedded), removed);
        Assert.Equal(Convert.ToHexString(original), Convert.ToHexString(removed.ToArray()));
    }

    [Fact]
    public void A_large_store_is_split_into_segments_reassembled_and_patched_in_place()
    {
        var filler = TestStores.ThumbnailAssertion("c2pa.thumbnail.claim", new byte[150_000]);
        var store = TestStores.Store(TestStores.Manifest("urn:c2pa:a", "t", assertions: [filler]));
        var embedded = Embed(TestStores.Jpeg(), store, out var placement);
        var layout = JpegFormat.Instance.ReadLayout(new MemoryStream(embedded));
        Assert.Equal(store, layout.Stores[0].Jumbf.ToArray());
        var segments = JpegFormat.Scan(new MemoryStream(embedded), true, default).Segments.Where(s => s.Marker == 0xEB).ToList();
        Assert.Equal(3, segments.Count);
        Assert.All(segments, s => Assert.True(s.Length - 2 <= ushort.MaxValue));
        Assert.Equal([1u, 2u, 3u], segments.Select(s => s.Xt!.Value.Sequence));
        Assert.Equal(segments.Sum(s => s.Length), Assert.Single(placement.Carriage).Length);

        var patchedStore = (byte[])store.Clone();
        patchedStore[^1] ^= 0xFF;
        patchedStore[100_000] ^= 0xFF;
        using var stream = new MemoryStream();
        stream.Write(embedded);
        JpegFormat.Instance.Patch(stream, placement, patchedStore);
        Assert.Equal(patchedStore, JpegFormat.Instance.ReadLayout(stream).Stores[0].Jumbf.ToArray());
        Assert.Equal(embedded.Length, stream.Length);
    }

    [Fact]
    public void Embedding_replaces_an_existing_store_and_keeps_other_app11()
    {
        // A JPEG 360-like APP11 (JP framing, but not a c2pa superbox) stays.
        var other = "FFEB0016" + "4A50" + "0001" + "00000001" + "0000000C" + "6A756D62" + "00000000";
        var jpeg = Convert.FromHexString("FFD8" + other + Convert.ToHexString(TestStores.Jpeg()[2..]));
        var first = Embed(jpeg, TestStores.Store(TestStores.Manifest("urn:c2pa:a", "first")), out _);
        var second = Embed(first, TestStores.Store(TestStores.Manifest("urn:c2pa:b", "second")), out _);
        var layout = JpegFormat.Instance.ReadLayout(new MemoryStream(second));
        Assert.Equal("urn:c2pa:b", ManifestStore.Parse(Assert.Single(layout.Stores).Jumbf).ActiveManifest!.Label);
        Assert.Contains(layout.Boxes, b => b.Name == "APP11");
    }

    [Fact]
    public void Two_stores_are_both_reported()
    {
        var a = Embed(TestStores.Jpeg(), TestStores.Store(TestStores.Manifest("urn:c2pa:a", "a")), out var placement);
        var segment = a.AsSpan((int)placement.Carriage[0].Start, (int)placement.Carriage[0].Length).ToArray();
        segment[7] = 0x12; // another box instance number
        var both = a[..2].Concat(segment).Concat(a[2..]).ToArray();
        Assert.Equal(2, JpegFormat.Instance.ReadLayout(new MemoryStream(both)).Stores.Count);
    }

    [Theory]
    [InlineData("FFD8FFE0", "truncated")]
    [InlineData("FFD8FFE00100", "runs past the end")]
    [InlineData("FFD8FFE00001", "less than 2")]
    [InlineData("FFD80012", "expected a JPEG marker")]
    [InlineData("FFD9", "does not start with SOI")]
    public void Bad_jpegs_are_reported(string hex, string expected)
    {
        var e = Assert.Throws<MalformedContentException>(() => JpegFormat.Instance.ReadLayout(new MemoryStream(Convert.FromHexString(hex))));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Offset);
    }

    [Fact]
    public void App11_that_is_not_jumbf_is_ignored()
    {
        var jpeg = Convert.FromHexString("FFD8" + "FFEB0008" + "010203040506" + Convert.ToHexString(TestStores.Jpeg()[2..]));
        var layout = JpegFormat.Instance.ReadLayout(new MemoryStream(jpeg));
        Assert.Empty(layout.Stores);
        Assert.Equal("APP11", layout.Boxes[1].Name);
    }

    [Fact]
    public void Missing_continuation_segment_and_lying_lbox_are_reported()
    {
        var filler = TestStores.ThumbnailAssertion("c2pa.thumbnail.claim", new byte[150_000]);
        var embedded = Embed(TestStores.Jpeg(), TestStores.Store(TestStores.Manifest("urn:c2pa:a", "t", assertions: [filler])), out _);
        var segments = JpegFormat.Scan(new MemoryStream(embedded), true, default).Segments.Where(s => s.Marker == 0xEB).ToList();
        var withoutSecond = embedded[..(int)segments[1].Start].Concat(embedded[(int)segments[1].End..]).ToArray();
        var gap = Assert.Throws<MalformedContentException>(() => JpegFormat.Instance.ReadLayout(new MemoryStream(withoutSecond)));
        Assert.Contains("skips to sequence number 3", gap.Message, StringComparison.Ordinal);

        var single = Embed(TestStores.Jpeg(), TestStores.Store(TestStores.Manifest("urn:c2pa:a", "t")), out var placement);
        single[placement.Carriage[0].Start + 14] ^= 0x01; // LBox in the APP11 box header
        var lie = Assert.Throws<MalformedContentException>(() => JpegFormat.Instance.ReadLayout(new MemoryStream(single)));
        Assert.Contains("LBox says", lie.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_stores_stops_at_the_first_scan()
    {
        var embedded = Embed(TestStores.Jpeg(), TestStores.Store(TestStores.Manifest("urn:c2pa:a", "t")), out _);
        var layout = JpegFormat.Instance.ReadStores(new MemoryStream(embedded));
        Assert.Single(layout.Stores);
        Assert.Equal("SOS", layout.Boxes[^1].Name);
    }
}
