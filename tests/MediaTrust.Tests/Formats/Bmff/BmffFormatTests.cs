using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Bmff;

public sealed class BmffFormatTests
{
    internal static byte[] Box(string type, params byte[][] payload)
    {
        var length = 8 + payload.Sum(p => p.Length);
        var box = new byte[length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)length);
        OpaqueStores.Ascii(type).CopyTo(box, 4);
        var pos = 8;
        foreach (var p in payload)
        {
            p.CopyTo(box, pos);
            pos += p.Length;
        }

        return box;
    }

    private static byte[] U32(params uint[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static readonly byte[] Ftyp = Box("ftyp", OpaqueStores.Ascii("isom"), U32(0x200), OpaqueStores.Ascii("isommp41"));
    private static readonly byte[] Media = OpaqueStores.Ascii("MEDIA-SAMPLE-0001");

    /// <summary>ftyp, moov with one stco entry pointing at the mdat payload, mdat.</summary>
    internal static byte[] Mp4(bool co64 = false)
    {
        byte[] Moov(uint offset) => Box("moov", Box("trak", Box("mdia", Box("minf", Box("stbl",
            co64 ? Box("co64", U32(0, 1, 0, offset)) : Box("stco", U32(0, 1, offset)))))));
        var moovLength = Moov(0).Length;
        var mdatOffset = (uint)(Ftyp.Length + moovLength + 8);
        return Concat(Ftyp, Moov(mdatOffset), Box("mdat", Media));
    }

    private static void AssertChunkOffsetPointsAtMedia(byte[] file, string box)
    {
        var stco = BmffFormat.ReadBoxes(new MemoryStream(file)).SelectMany(b => b.Descendants().Prepend(b)).Single(b => b.Type == box);
        Assert.Equal($"/moov/trak/mdia/minf/stbl/{box}", stco.Path);
        var offset = box == "co64"
            ? (long)BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan((int)stco.DataOffset + 8))
            : BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan((int)stco.DataOffset + 8));
        Assert.Equal(OpaqueStores.Hex(Media), OpaqueStores.Hex(file.AsSpan((int)offset, Media.Length)));
    }

    [Fact]
    public void Mp4_round_trip_fixes_chunk_offsets()
    {
        var original = Mp4();
        var embedded = FormatAssert.RoundTrip(BmffFormat.Instance, original);
        AssertChunkOffsetPointsAtMedia(embedded, "stco");
        var top = BmffFormat.ReadBoxes(new MemoryStream(embedded));
        Assert.Equal(["ftyp", "uuid", "moov", "mdat"], top.Select(b => b.Type));
        Assert.True(top[1].IsC2pa);
        Assert.Equal("manifest", BmffTree.ReadPurpose(new MemoryStream(embedded), top[1]));
        // size, uuid, extended type, FullBox v0, "manifest\0", zero merkle offset.
        Assert.Equal("00000415" + "75756964" + "D8FEC3D61B0E483C92975828877EC481" + "00000000" + "6D616E696665737400" + "0000000000000000", OpaqueStores.Hex(embedded.AsSpan(24, 45)));
    }

    [Fact]
    public void Co64_offsets_are_fixed()
    {
        var embedded = FormatAssert.RoundTrip(BmffFormat.Instance, Mp4(co64: true));
        AssertChunkOffsetPointsAtMedia(embedded, "co64");
    }

    [Fact]
    public void Heif_iloc_extents_are_fixed()
    {
        // meta (FullBox): hdlr, iloc v1 with 4-byte offsets and lengths, no base offset, one item, one extent.
        byte[] Meta(uint offset) => Box("meta", new byte[4], Box("hdlr", new byte[4], U32(0), OpaqueStores.Ascii("pict"), new byte[13]),
            Box("iloc", [1, 0, 0, 0, 0x44, 0x00, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1], U32(offset, (uint)Media.Length)));
        var ftyp = Box("ftyp", OpaqueStores.Ascii("heic"), U32(0), OpaqueStores.Ascii("mif1heic"));
        var mdatOffset = (uint)(ftyp.Length + Meta(0).Length + 8);
        var original = Concat(ftyp, Meta(mdatOffset), Box("mdat", Media));
        var embedded = FormatAssert.RoundTrip(BmffFormat.Instance, original);

        var iloc = BmffFormat.ReadBoxes(new MemoryStream(embedded)).Single(b => b.Type == "meta").Children.Single(b => b.Type == "iloc");
        Assert.Equal("/meta/iloc", iloc.Path);
        var offset = BinaryPrimitives.ReadUInt32BigEndian(embedded.AsSpan((int)iloc.DataOffset + 16));
        Assert.Equal(OpaqueStores.Hex(Media), OpaqueStores.Hex(embedded.AsSpan((int)offset, Media.Length)));
    }

    [Fact]
    public void Fragmented_mp4_tfhd_base_offsets_are_fixed()
    {
        var moov = Box("moov", Box("mvex", Box("trex", new byte[24])));
        byte[] Moof(ulong baseOffset)
        {
            var tfhd = new byte[16];
            tfhd[3] = 0x01; // base-data-offset-present
            BinaryPrimitives.WriteUInt32BigEndian(tfhd.AsSpan(4), 1);
            BinaryPrimitives.WriteUInt64BigEndian(tfhd.AsSpan(8), baseOffset);
            return Box("moof", Box("mfhd", new byte[8]), Box("traf", Box("tfhd", tfhd)));
        }

        var mdatOffset = (ulong)(Ftyp.Length + moov.Length + Moof(0).Length + 8);
        var original = Concat(Ftyp, moov, Moof(mdatOffset), Box("mdat", Media));
        var embedded = FormatAssert.RoundTrip(BmffFormat.Instance, original);
        var tfhd = BmffFormat.ReadBoxes(new MemoryStream(embedded)).Single(b => b.Type == "moof").Descendants().Single(b => b.Type == "tfhd");
        Assert.Equal("/moof/traf/tfhd", tfhd.Path);
        var offset = (int)BinaryPrimitives.ReadUInt64BigEndian(embedded.AsSpan((int)tfhd.DataOffset + 8));
        Assert.Equal(OpaqueStores.Hex(Media), OpaqueStores.Hex(embedded.AsSpan(offset, Media.Length)));
    }

    [Fact]
    public void Manifest_box_padding_is_not_part_of_the_store()
    {
        var store = OpaqueStores.Create(300);
        var uuid = Concat(U32(0), OpaqueStores.Ascii("uuid"), MediaTrust.Spec.C2paBoxes.BmffUuid.ToArray(), new byte[4], OpaqueStores.Ascii("manifest\0"), new byte[8], store, new byte[100]);
        BinaryPrimitives.WriteUInt32BigEndian(uuid, (uint)uuid.Length);
        var file = Concat(Ftyp, uuid, Box("mdat", Media));
        var found = Assert.Single(BmffFormat.Instance.ReadLayout(new MemoryStream(file)).Stores);
        Assert.Equal(OpaqueStores.Hex(store), OpaqueStores.Hex(found.Jumbf.Span));
        Assert.Equal(new ByteRange(Ftyp.Length, uuid.Length), Assert.Single(found.Carriage));
    }

    [Fact]
    public void Box_size_past_the_end_is_malformed()
    {
        var file = Mp4();
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(file.Length - Media.Length - 8), 0x10000);
        var e = FormatAssert.Rejects(BmffFormat.Instance, file);
        Assert.Equal("/mdat", e.Location);
    }

    [Fact]
    public void Large_size_past_the_end_and_too_small_sizes_are_malformed()
    {
        var large = Concat(Ftyp, U32(1), OpaqueStores.Ascii("mdat"), U32(0xFFFFFFFF, 0xFFFFFF00), Media);
        FormatAssert.Rejects(BmffFormat.Instance, large);
        var tiny = Concat(Ftyp, U32(4), OpaqueStores.Ascii("free"), Media);
        FormatAssert.Rejects(BmffFormat.Instance, tiny);
        FormatAssert.Rejects(BmffFormat.Instance, Concat(Ftyp, U32(1), OpaqueStores.Ascii("mdat")));
    }

    [Fact]
    public void Zero_size_box_extends_to_the_end()
    {
        var file = Concat(Ftyp, U32(0), OpaqueStores.Ascii("mdat"), Media);
        var top = BmffFormat.ReadBoxes(new MemoryStream(file));
        Assert.Equal(new ByteRange(Ftyp.Length, 8 + Media.Length), top[1].Range);
    }

    [Fact]
    public void Deep_nesting_is_malformed()
    {
        var box = Box("free");
        for (var i = 0; i < 100; i++)
        {
            box = Box("moov", box);
        }

        Assert.Contains("nested", FormatAssert.Rejects(BmffFormat.Instance, Concat(Ftyp, box)).Message);
    }

    [Fact]
    public void Chunk_offset_count_past_the_box_is_malformed_on_write()
    {
        var file = Mp4();
        var stco = BmffFormat.ReadBoxes(new MemoryStream(file)).SelectMany(b => b.Descendants()).Single(b => b.Type == "stco");
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan((int)stco.DataOffset + 4), 0x40000000);
        Assert.Throws<MalformedContentException>(() => BmffFormat.Instance.Embed(new MemoryStream(file), new MemoryStream(), OpaqueStores.Create()));
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_bmff_files_match_the_manifest() =>
        CorpusConformance.Check(f => f is BmffFormat, "mp4", "mp4-fragment", "mov", "m4a", "heic", "heif", "avif");

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_signed_mp4_box_tree_has_absolute_offsets()
    {
        var path = Testing.SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/video1.mp4");
        using var stream = File.OpenRead(path);
        var top = BmffFormat.ReadBoxes(stream);
        Assert.Equal(["ftyp", "uuid", "moov", "uuid", "free", "mdat"], top.Select(b => b.Type));
        Assert.Equal(new ByteRange(24, 30662), top[1].Range);
        Assert.Equal(new ByteRange(92142, 736429), top[5].Range);
        Assert.Contains(top[2].Descendants(), b => b.Path == "/moov/trak/mdia/minf/stbl/stco" || b.Path == "/moov/trak/mdia/minf/stbl/co64");
    }

    [Trait("Category", "Corpus")]
    [Theory]
    [InlineData("c2pa-rs/sdk/tests/fixtures/video1_no_manifest.mp4")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/c.mov")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/sample1.heic")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/sample1.avif")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/sample1.m4a")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/bunny/bunny_89283bps/BigBuckBunny_2s_init.mp4")]
    public void Corpus_unsigned_files_round_trip(string relativePath)
    {
        var original = File.ReadAllBytes(Testing.SharedFolder.RequireCorpusFile(relativePath));
        FormatAssert.RoundTrip(BmffFormat.Instance, original);
    }
}
