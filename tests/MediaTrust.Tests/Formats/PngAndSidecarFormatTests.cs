// Format calls here run on small in-memory streams; test cancellation adds nothing.
#pragma warning disable xUnit1051

using MediaTrust.Formats.Png;
using MediaTrust.Formats.Sidecar;
using MediaTrust.IO;
using MediaTrust.Testing;

namespace MediaTrust.Formats;

public sealed class PngAndSidecarFormatTests
{
    [Fact]
    public void Png_embed_read_patch_remove_round_trip()
    {
        var original = TestStores.Png();
        Assert.Same(PngFormat.Instance, AssetFormats.Detect(original));
        Assert.Empty(PngFormat.Instance.ReadLayout(new MemoryStream(original)).Stores);
        var store = TestStores.Store(TestStores.Manifest("urn:c2pa:a", "t"));
        using var output = new MemoryStream();
        var placement = PngFormat.Instance.Embed(new MemoryStream(original), output, store);
        var embedded = output.ToArray();

        var layout = PngFormat.Instance.ReadLayout(new MemoryStream(embedded));
        Assert.Equal(store, Assert.Single(layout.Stores).Jumbf.ToArray());
        Assert.Equal(["PNGh", "IHDR", "C2PA", "IDAT", "IEND"], layout.Boxes.Select(b => b.Name));
        Assert.Equal(new ByteRange(33, store.Length + 12), placement.Carriage[0]);

        var patched = (byte[])store.Clone();
        patched[^1] ^= 0x5A;
        PngFormat.Instance.Patch(output, placement, patched);
        Assert.Equal(patched, PngFormat.Instance.ReadLayout(output).Stores[0].Jumbf.ToArray());

        using var removed = new MemoryStream();
        PngFormat.Instance.Remove(new MemoryStream(embedded), removed);
        Assert.Equal(Convert.ToHexString(original), Convert.ToHexString(removed.ToArray()));
    }

    [Fact]
    public void Png_bad_crc_and_overlong_chunk_are_reported()
    {
        using var output = new MemoryStream();
        PngFormat.Instance.Embed(new MemoryStream(TestStores.Png()), output, TestStores.Store(TestStores.Manifest("urn:c2pa:a", "t")));
        var bytes = output.ToArray();
        bytes[33 + 8 + 20] ^= 0xFF;
        var crc = Assert.Throws<MalformedContentException>(() => PngFormat.Instance.ReadLayout(new MemoryStream(bytes)));
        Assert.Contains("CRC", crc.Message, StringComparison.Ordinal);

        var overlong = Convert.FromHexString("89504E470D0A1A0A" + "7FFFFFF0" + "63614258" + "00");
        var e = Assert.Throws<MalformedContentException>(() => PngFormat.Instance.ReadLayout(new MemoryStream(overlong)));
        Assert.Contains("runs past the end", e.Message, StringComparison.Ordinal);
        Assert.Equal(8, e.Offset);
    }

    [Fact]
    public void Sidecar_is_the_store()
    {
        var store = TestStores.Store(TestStores.Manifest("urn:c2pa:a", "t"));
        Assert.Same(SidecarFormat.Instance, AssetFormats.Detect(store));
        Assert.Equal(store, SidecarFormat.Instance.ReadLayout(new MemoryStream(store)).Stores[0].Jumbf.ToArray());
        using var output = new MemoryStream();
        var placement = SidecarFormat.Instance.Embed(Stream.Null, output, store);
        Assert.Equal(store, output.ToArray());
        Assert.Equal(new ByteRange(0, store.Length), placement.Carriage[0]);
    }

    [Fact]
    public void Reader_reads_a_synthetic_jpeg_and_says_no_manifest_for_a_plain_one()
    {
        using var output = new MemoryStream();
        JpegFormatExtensions.EmbedInto(TestStores.Jpeg(), output, TestStores.Store(TestStores.Manifest("urn:c2pa:a", "My title")));
        output.Position = 0;
        var reader = StoreReads.Stream(output);
        Assert.Equal("urn:c2pa:a", reader.ActiveManifestLabel);
        Assert.Equal("My title", reader.ActiveManifest!.Title);
        Assert.Equal("c2pa.actions.v2", Assert.Single(reader.ActiveManifest.Assertions).Label);
        Assert.Equal("self#jumbf=/c2pa/urn:c2pa:a/c2pa.assertions/c2pa.thumbnail.claim", reader.ActiveManifest.Thumbnail!.Identifier);
        Assert.Contains("\"claim_version\": 2", reader.ToJson(), StringComparison.Ordinal);
        Assert.Throws<NoManifestException>(() => StoreReads.Stream(new MemoryStream(TestStores.Jpeg())));
    }
}

internal static class JpegFormatExtensions
{
    public static void EmbedInto(byte[] jpeg, Stream output, byte[] store) => Jpeg.JpegFormat.Instance.Embed(new MemoryStream(jpeg), output, store);
}
