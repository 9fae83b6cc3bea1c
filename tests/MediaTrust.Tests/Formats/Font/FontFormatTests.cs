using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Font;

public sealed class FontFormatTests
{
    /// <summary>
    /// A small TrueType font built here: head (54 bytes), maxp (6), name (7) and post (32), tag-sorted, each table
    /// 4-byte aligned and zero-padded, table checksums and head.checkSumAdjustment computed as OpenType requires.
    /// </summary>
    internal static byte[] Minimal(uint version = 0x00010000) => Sfnt(version,
        ("head", Head()),
        ("maxp", Convert.FromHexString("000050000003")),
        ("name", Convert.FromHexString("00000000000601")),
        ("post", [.. Convert.FromHexString("00030000"), .. new byte[28]]));

    /// <summary>A font with tables laid out in the order given and records sorted by tag (a test-side implementation of the OpenType rules).</summary>
    internal static byte[] Sfnt(uint version, params (string Tag, byte[] Data)[] tables)
    {
        var directoryLength = 12 + (16 * tables.Length);
        var offsets = new int[tables.Length];
        var length = directoryLength;
        for (var i = 0; i < tables.Length; i++)
        {
            offsets[i] = length;
            length += (tables[i].Data.Length + 3) & ~3;
        }

        var font = new byte[length];
        BinaryPrimitives.WriteUInt32BigEndian(font, version);
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(4), (ushort)tables.Length);
        var power = 1;
        while (power * 2 <= tables.Length)
        {
            power *= 2;
        }

        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(6), (ushort)(power * 16));
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(8), (ushort)Math.Log2(power));
        BinaryPrimitives.WriteUInt16BigEndian(font.AsSpan(10), (ushort)((tables.Length - power) * 16));
        var order = Enumerable.Range(0, tables.Length).OrderBy(i => tables[i].Tag, StringComparer.Ordinal).ToArray();
        for (var r = 0; r < order.Length; r++)
        {
            var (tag, data) = tables[order[r]];
            data.CopyTo(font, offsets[order[r]]);
            var record = font.AsSpan(12 + (16 * r));
            System.Text.Encoding.ASCII.GetBytes(tag).CopyTo(record);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Sum(data));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)offsets[order[r]]);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)data.Length);
        }

        var head = Array.FindIndex(tables, t => t.Tag == "head");
        if (head >= 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(offsets[head] + 8), 0xB1B0AFBA - Sum(font));
        }

        return font;
    }

    /// <summary>The uint32 big-endian sum of <paramref name="bytes"/>, zero-padded.</summary>
    internal static uint Sum(ReadOnlySpan<byte> bytes)
    {
        uint sum = 0;
        Span<byte> word = stackalloc byte[4];
        for (var i = 0; i < bytes.Length; i += 4)
        {
            word.Clear();
            bytes.Slice(i, Math.Min(4, bytes.Length - i)).CopyTo(word);
            sum += BinaryPrimitives.ReadUInt32BigEndian(word);
        }

        return sum;
    }

    /// <summary>Every table record's checksum matches its data (head's with checkSumAdjustment as 0) and the whole font sums to 0xB1B0AFBA.</summary>
    internal static void AssertChecksums(byte[] font)
    {
        int count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        for (var i = 0; i < count; i++)
        {
            var record = font.AsSpan(12 + (16 * i), 16);
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            var data = font.AsSpan(offset, (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..])).ToArray();
            if (record[..4].SequenceEqual("head"u8))
            {
                data.AsSpan(8, 4).Clear();
            }

            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(record[4..]), Sum(data));
            Assert.Equal(0, offset % 4);
        }

        Assert.Equal(0xB1B0AFBAu, Sum(font));
    }

    private static byte[] Head()
    {
        var head = new byte[54];
        BinaryPrimitives.WriteUInt32BigEndian(head, 0x00010000);
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(4), 0x00018000); // fontRevision 1.5
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(12), 0x5F0F3CF5); // magicNumber
        BinaryPrimitives.WriteUInt16BigEndian(head.AsSpan(18), 1000); // unitsPerEm
        return head;
    }

    [Fact]
    public void Generated_font_is_valid_sfnt() => AssertChecksums(Minimal());

    [Theory]
    [InlineData(0x00010000u)]
    [InlineData(0x4F54544Fu)] // OTTO
    [InlineData(0x74727565u)] // true
    public void Sfnt_versions_are_detected(uint version)
    {
        var font = Minimal(version);
        Assert.Same(FontFormat.Instance, AssetFormats.Detect(font));
        Assert.Same(FontFormat.Instance, AssetFormats.Detect(new MemoryStream(font)));
    }

    [Fact]
    public void Round_trip_restores_the_original() => FormatAssert.RoundTrip(FontFormat.Instance, Minimal());

    [Fact]
    public void Round_trip_of_a_cff_font_with_an_odd_store_restores_the_original() =>
        FormatAssert.RoundTrip(FontFormat.Instance, Minimal(0x4F54544F), storeLength: 1001);

    [Fact]
    public void C2pa_table_encoding_is_byte_exact()
    {
        var store = OpaqueStores.Create(64);
        Assert.Equal(
            "0000" + "0001" + "00000000" + "0000" + "0000" + "00000014" + "00000040" + OpaqueStores.Hex(store),
            OpaqueStores.Hex(C2paTable.Encode(null, store)));
        Assert.Equal(
            "0000" + "0001" + "00000014" + "0005" + "0000" + "00000019" + "00000040" + "687474703A" + OpaqueStores.Hex(store),
            OpaqueStores.Hex(C2paTable.Encode("http:", store)));
        Assert.Equal(
            "0000" + "0001" + "00000014" + "0001" + "0000" + "00000000" + "00000000" + "78",
            OpaqueStores.Hex(C2paTable.Encode("x", [])));
    }

    [Fact]
    public void Embed_adds_a_sorted_record_puts_the_table_last_and_fixes_every_checksum()
    {
        var original = Minimal();
        var store = OpaqueStores.Create(1001);
        using var output = new MemoryStream();
        var placement = FontFormat.Instance.Embed(new MemoryStream(original), output, store);
        var font = output.ToArray();
        AssertChecksums(font);
        Assert.Equal(0, font.Length % 4);

        // Header: 5 tables, searchRange 64, entrySelector 2, rangeShift 16; 'C2PA' sorts before 'head'.
        Assert.Equal("00010000" + "0005" + "0040" + "0002" + "0010", OpaqueStores.Hex(font.AsSpan(0, 12)));
        Assert.Equal("C2PA", System.Text.Encoding.ASCII.GetString(font, 12, 4));
        var tableOffset = (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(12 + 8));
        Assert.Equal(20 + 1001, (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(12 + 12)));
        Assert.Equal(92 + 56 + 8 + 8 + 32, tableOffset); // directory, then head, maxp, name, post (padded)
        Assert.Equal("0000" + "0001" + "00000000" + "0000" + "0000" + "00000014" + "000003E9", OpaqueStores.Hex(font.AsSpan(tableOffset, 20)));

        var headOffset = (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(12 + 16 + 8));
        Assert.Equal(
            [new ByteRange(12, 16), new ByteRange(headOffset + 8, 4), new ByteRange(tableOffset, 1021)],
            placement.Carriage);

        // Patching keeps the font valid: the C2PA record's checksum and checkSumAdjustment follow the store.
        FontFormat.Instance.Patch(output, placement, OpaqueStores.Create(1001, seed: 5));
        AssertChecksums(output.ToArray());
    }

    [Fact]
    public void Boxes_are_tables_in_file_order_with_head_split_around_checksum_adjustment()
    {
        using var output = new MemoryStream();
        FontFormat.Instance.Embed(new MemoryStream(Minimal()), output, OpaqueStores.Create(100));
        var layout = FontFormat.Instance.ReadLayout(new MemoryStream(output.ToArray()));
        Assert.Equal(["hea0", "hea2", "maxp", "name", "post", "C2PA"], layout.Boxes.Select(b => b.Name));
        Assert.Equal(new ByteRange(92, 8), layout.Boxes[0].Range);
        Assert.Equal(new ByteRange(104, 42), layout.Boxes[1].Range);
        Assert.Equal(new ByteRange(148, 6), layout.Boxes[2].Range);
        Assert.Equal(new ByteRange(156, 7), layout.Boxes[3].Range);
        Assert.Equal(new ByteRange(196, 120), layout.Boxes[5].Range);
        Assert.Null(layout.RemoteManifestUrl);
        Assert.Equal(layout.Boxes.Select(b => b.Name), FontFormat.Instance.BoxNamesAfterEmbed(new MemoryStream(Minimal()), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Remote_uri_is_the_layouts_remote_reference_and_survives_embed_and_remove()
    {
        const string url = "https://example.com/manifests/font.c2pa";
        using var referenced = new MemoryStream();
        FontFormat.Instance.WriteRemoteReference(new MemoryStream(Minimal()), referenced, url);
        AssertChecksums(referenced.ToArray());
        var layout = FontFormat.Instance.ReadLayout(new MemoryStream(referenced.ToArray()));
        Assert.Equal(url, layout.RemoteManifestUrl);
        Assert.Empty(layout.Stores);
        Assert.Contains(layout.Boxes, b => b.Name == "C2PA");

        var store = OpaqueStores.Create(300);
        using var embedded = new MemoryStream();
        FontFormat.Instance.Embed(new MemoryStream(referenced.ToArray()), embedded, store);
        var both = FontFormat.Instance.ReadLayout(new MemoryStream(embedded.ToArray()));
        Assert.Equal(url, both.RemoteManifestUrl);
        Assert.Equal(OpaqueStores.Hex(store), OpaqueStores.Hex(Assert.Single(both.Stores).Jumbf.Span));

        using var removed = new MemoryStream();
        FontFormat.Instance.Remove(new MemoryStream(embedded.ToArray()), removed);
        Assert.Equal(OpaqueStores.Hex(referenced.ToArray()), OpaqueStores.Hex(removed.ToArray()));
    }

    [Fact]
    public void Font_collections_are_refused_clearly()
    {
        var collection = Convert.FromHexString("74746366000100000000000100000010" + "0000000000000000");
        Assert.Same(FontFormat.Instance, AssetFormats.Detect(collection));
        Assert.Contains("collections", FormatAssert.Rejects(FontFormat.Instance, collection).Message);
    }

    [Fact]
    public void Hostile_table_directories_are_malformed_quickly()
    {
        var font = Minimal();
        Check(font, f => BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(4), 0xFFFF), "65535 tables");
        Check(font, f => BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(4), 0), "0 tables");
        Check(font, f => BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(12 + 16 + 12), 0x7FFFFFFF), "outside"); // maxp length past EOF
        Check(font, f => BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(12 + 16 + 8), 0xFFFFFFF0), "outside"); // maxp offset past EOF
        Check(font, f => BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(12 + 16 + 8), 20), "outside"); // inside the directory
        Check(font, f => BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(12 + 16 + 8), 100), "overlap"); // maxp inside head
        Check(font, f => "head"u8.CopyTo(f.AsSpan(12 + 16)), "twice");
        Check(font, f => BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(12 + 12), 10), "too short"); // head cut to 10 bytes
        FormatAssert.Rejects(FontFormat.Instance, font.AsSpan(0, 40).ToArray()); // directory truncated
        FormatAssert.Rejects(FontFormat.Instance, font.AsSpan(0, 6).ToArray());
    }

    [Fact]
    public void Hostile_c2pa_tables_are_malformed_quickly()
    {
        using var output = new MemoryStream();
        FontFormat.Instance.Embed(new MemoryStream(Minimal()), output, OpaqueStores.Create(100));
        var font = output.ToArray();
        const int table = 196; // see Boxes_are_tables_in_file_order…
        Assert.Equal("C2PA", System.Text.Encoding.ASCII.GetString(font, 12, 4));
        Check(font, f => BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(table + 16), 101), "outside"); // store length past the table
        Check(font, f => BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(table + 12), 0xFFFFFFFF), "outside"); // store offset past the table
        Check(font, f => BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(table + 12), 4), "outside"); // store inside the header
        Check(font, f =>
        {
            BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(table + 4), 20);
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(table + 8), 0xFFFF);
        }, "outside"); // URI past the table
        Check(font, f =>
        {
            BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(table + 4), 30);
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(table + 8), 4);
        }, "overlap"); // URI inside the store
        Check(font, f => BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(12 + 12), 12), "shorter than its 20-byte header");
        Check(font, f => f[table + 24] = (byte)'x', "JUMBF"); // the store is not a jumb box
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_ttf_files_match_the_manifest() =>
        CorpusConformance.Check(f => f is FontFormat, "ttf");

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_font_boxes_are_the_names_its_box_hash_lists()
    {
        var path = MediaTrust.Testing.SharedFolder.RequireCorpusFile("public-testfiles/font/ttf/monotype-20240712-monotype_sans.ttf");
        using var stream = File.OpenRead(path);
        var layout = FontFormat.Instance.ReadLayout(stream, TestContext.Current.CancellationToken);
        Assert.Equal(
            ["hea0", "hea2", "hhea", "maxp", "OS/2", "hmtx", "cmap", "fpgm", "prep", "cvt ", "loca", "glyf", "kern", "name", "post", "gasp", "GPOS", "DSIG", "C2PA"],
            layout.Boxes.Select(b => b.Name));
        Assert.Equal(new ByteRange(300, 8), layout.Boxes[0].Range);
        Assert.Equal(new ByteRange(312, 42), layout.Boxes[1].Range);
        Assert.Equal(new ByteRange(22864, 24568), layout.Boxes[^1].Range);
        var store = Assert.Single(layout.Stores);
        Assert.Equal(24548, store.Jumbf.Length);
        Assert.Equal([new ByteRange(12, 16), new ByteRange(308, 4), new ByteRange(22864, 24568)], store.Carriage);
        Assert.Null(layout.RemoteManifestUrl);
    }

    private static void Check(byte[] font, Action<byte[]> damage, string expected)
    {
        var copy = (byte[])font.Clone();
        damage(copy);
        var e = FormatAssert.Rejects(FontFormat.Instance, copy);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Location);
    }
}
