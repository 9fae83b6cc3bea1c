// Format calls here run on small in-memory streams; test cancellation adds nothing.
#pragma warning disable xUnit1051

using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using MediaTrust.Formats.Jpeg;
using MediaTrust.Formats.Png;
using MediaTrust.IO;
using MediaTrust.Testing;

namespace MediaTrust.Formats;

/// <summary>The XMP carriers of JPEG (APP1) and PNG (iTXt) for the remote manifest reference (spec 2.2 §11.4).</summary>
public sealed class JpegPngRemoteReferenceTests
{
    private const string Url = "https://example.com/m.c2pa";

    [Fact]
    public void Corpus_remote_references_are_reported()
    {
        Assert.Equal("https://cai-manifests.adobe.com/manifests/adobe-urn-uuid-5f37e182-3687-462e-a7fb-573462780391",
            Layout("c2pa-rs/sdk/tests/fixtures/cloud.jpg").RemoteManifestUrl);
        Assert.Equal("http://localhost:5000/libpng-test.c2pa", Layout("c2pa-rs/sdk/tests/fixtures/libpng-test_with_url.png").RemoteManifestUrl);
        Assert.Null(Layout("c2pa-rs/sdk/tests/fixtures/CA.jpg").RemoteManifestUrl);
        Assert.Null(Layout("c2pa-rs/sdk/tests/fixtures/libpng-test.png").RemoteManifestUrl);
    }

    [Fact]
    public void Jpeg_xmp_segment_goes_after_app0_with_the_namespace_header()
    {
        var original = TestStores.Jpeg();
        var written = Write(JpegFormat.Instance, original, Url);

        // SOI, APP0 (18 bytes) unchanged, then FFE1 Lp "http://ns.adobe.com/xap/1.0/\0" packet, then the rest unchanged.
        Assert.Equal(Convert.ToHexString(original[..20]), Convert.ToHexString(written[..20]));
        Assert.Equal("FFE1", Convert.ToHexString(written[20..22]));
        var lp = BinaryPrimitives.ReadUInt16BigEndian(written.AsSpan(22));
        Assert.Equal("http://ns.adobe.com/xap/1.0/\0", Encoding.ASCII.GetString(written, 24, 29));
        var packet = Encoding.UTF8.GetString(written, 53, lp - 31);
        Assert.Contains(Url, packet, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexString(original[20..]), Convert.ToHexString(written[(22 + lp)..]));
        Assert.Equal(Url, JpegFormat.Instance.ReadLayout(new MemoryStream(written)).RemoteManifestUrl);
        Assert.Equal(Url, JpegFormat.Instance.ReadStores(new MemoryStream(written)).RemoteManifestUrl);
    }

    [Fact]
    public void Jpeg_without_app0_gets_the_segment_right_after_soi()
    {
        var original = TestStores.Jpeg();
        var bare = original[..2].Concat(original[20..]).ToArray();
        var written = Write(JpegFormat.Instance, bare, Url);
        Assert.Equal("FFD8FFE1", Convert.ToHexString(written[..4]));
        Assert.Equal(Url, JpegFormat.Instance.ReadLayout(new MemoryStream(written)).RemoteManifestUrl);
    }

    [Fact]
    public void Jpeg_packet_that_does_not_fit_one_segment_is_refused()
    {
        // An existing packet of ~65 000 bytes of other properties leaves no room for the reference.
        var filler = new string('x', 65_300);
        var xmp = Encoding.UTF8.GetBytes(
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
            + "<rdf:Description rdf:about=\"\" xmlns:a=\"urn:a\" a:big=\"" + filler + "\"/></rdf:RDF></x:xmpmeta>");
        var segment = new byte[4 + 29 + xmp.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(segment.Length - 2));
        Encoding.ASCII.GetBytes("http://ns.adobe.com/xap/1.0/\0").CopyTo(segment, 4);
        xmp.CopyTo(segment, 33);
        Assert.True(segment.Length <= 65537);
        var original = TestStores.Jpeg();
        var jpeg = original[..2].Concat(segment).Concat(original[2..]).ToArray();
        var e = Assert.Throws<MalformedContentException>(() => Write(JpegFormat.Instance, jpeg, Url));
        Assert.Contains("65502", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Png_itxt_chunk_goes_after_ihdr_uncompressed_with_a_valid_crc()
    {
        var original = TestStores.Png();
        var written = Write(PngFormat.Instance, original, Url);
        Assert.Equal(Convert.ToHexString(original[..33]), Convert.ToHexString(written[..33]));
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(written.AsSpan(33));
        Assert.Equal("iTXt", Encoding.ASCII.GetString(written, 37, 4));
        var data = written.AsSpan(41, length);

        // keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL.
        Assert.Equal("XML:com.adobe.xmp\0" + "\0\0\0\0", Encoding.ASCII.GetString(data[..22]));
        Assert.Contains(Url, Encoding.UTF8.GetString(data[22..]), StringComparison.Ordinal);
        var crc = BinaryPrimitives.ReadUInt32BigEndian(written.AsSpan(41 + length));
        Assert.Equal(Crc32.Append(Crc32.Append(0, "iTXt"u8), data), crc);
        Assert.Equal(Convert.ToHexString(original[33..]), Convert.ToHexString(written[(45 + length)..]));
        Assert.Equal(Url, PngFormat.Instance.ReadLayout(new MemoryStream(written)).RemoteManifestUrl);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Png_compressed_xmp_is_read_and_corrupt_zlib_is_malformed()
    {
        var packet = Encoding.UTF8.GetBytes(
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
            + "<rdf:Description rdf:about=\"\" xmlns:dcterms=\"http://purl.org/dc/terms/\" dcterms:provenance=\"" + Url + "\"/></rdf:RDF></x:xmpmeta>");
        using var deflated = new MemoryStream();
        using (var z = new ZLibStream(deflated, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(packet);
        }

        var compressed = Png(Itxt(1, deflated.ToArray()));
        Assert.Equal(Url, PngFormat.Instance.ReadLayout(new MemoryStream(compressed)).RemoteManifestUrl);

        var corrupt = Png(Itxt(1, [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF]));
        var e = Assert.Throws<MalformedContentException>(() => PngFormat.Instance.ReadLayout(new MemoryStream(corrupt)));
        Assert.Equal("iTXt", e.Location);

        var unterminated = Png([.. "XML:com.adobe.xmp\0"u8, 0, 0, (byte)'e', (byte)'n']);
        Assert.Throws<MalformedContentException>(() => PngFormat.Instance.ReadLayout(new MemoryStream(unterminated)));
    }

    [Trait("Category", "Damage")]
    [Theory]
    [InlineData(60)]
    [InlineData(8)]
    public void Png_compressed_xmp_inflates_to_at_most_an_allowance_plus_16_times_its_size(int paddingMiB)
    {
        // A packet padded with megabytes of spaces deflates about 1000:1: 60 KB of PNG used to inflate 60 MB of XMP
        // and cost 350 MB to read.
        var bomb = Png(Itxt(1, Deflate(Packet(paddingMiB << 20))));

        var allocated = Allocations.Of(() =>
        {
            var e = Assert.Throws<MalformedContentException>(() => PngFormat.Instance.ReadLayout(new MemoryStream(bomb, writable: false)));
            Assert.Contains("inflates past", e.Message, StringComparison.Ordinal);
        });

        Allocations.AssertBounded(allocated, bomb.Length, 64);
    }

    [Fact]
    public void Png_compressed_xmp_with_ordinary_padding_is_read()
    {
        // 256 KiB of padding is far more than XMP writers leave (2-4 KB); it deflates to a few hundred bytes.
        var padded = Png(Itxt(1, Deflate(Packet(256 << 10))));

        Assert.Equal(Url, PngFormat.Instance.ReadLayout(new MemoryStream(padded, writable: false)).RemoteManifestUrl);
    }

    private static byte[] Packet(int padding) => Encoding.UTF8.GetBytes(
        "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
        + "<rdf:Description rdf:about=\"\" xmlns:dcterms=\"http://purl.org/dc/terms/\" dcterms:provenance=\"" + Url + "\"/></rdf:RDF></x:xmpmeta>"
        + new string(' ', padding) + "<?xpacket end=\"w\"?>");

    private static byte[] Deflate(byte[] data)
    {
        using var deflated = new MemoryStream();
        using (var z = new ZLibStream(deflated, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(data);
        }

        return deflated.ToArray();
    }

    private static byte[] Itxt(byte flag, byte[] text) => [.. "XML:com.adobe.xmp\0"u8, flag, 0, 0, 0, .. text];

    /// <summary>The test PNG with one iTXt chunk of <paramref name="data"/> after IHDR.</summary>
    private static byte[] Png(byte[] data)
    {
        var original = TestStores.Png();
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        "iTXt"u8.CopyTo(chunk.AsSpan(4));
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.Append(Crc32.Append(0, "iTXt"u8), data));
        return [.. original[..33], .. chunk, .. original[33..]];
    }

    private static AssetLayout Layout(string file)
    {
        using var stream = File.OpenRead(SharedFolder.RequireCorpusFile(file));
        return AssetFormats.Detect(stream)!.ReadLayout(stream);
    }

    private static byte[] Write(IRemoteReferenceWriter writer, byte[] source, string url)
    {
        using var output = new MemoryStream();
        writer.WriteRemoteReference(new MemoryStream(source), output, url);
        return output.ToArray();
    }
}
