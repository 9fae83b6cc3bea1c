using System.Buffers.Binary;
using System.Text;

namespace MediaTrust.TrustProfiles.Indicators;

/// <summary>
/// XMP that nests elements thousands deep (docs/robustness.md, "Limits"): MetadataExtractor's XMP parser costs the
/// square of the depth (a 700 KB PNG took 32 s, 3.8 MB took 39 s). Such files get no metadata indicators; ordinary XMP
/// still gives them. Bounded by what the check decides, not by time.
/// </summary>
[Trait("Category", "Damage")]
public sealed class DeepXmpTests : IDisposable
{
    private const string Rdf = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
        + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:format=\"image/png\"/></rdf:RDF>";

    // The packet: elements nested `depth` deep before the RDF, all inside x:xmpmeta (one root, well-formed).
    private static string Xmp(int depth) =>
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">" + Repeat("<a>", depth) + Repeat("</a>", depth) + Rdf + "</x:xmpmeta>";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mediatrust-deep-xmp-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData(100_000)]
    [InlineData(300)]
    public void A_png_whose_xmp_nests_deeply_gets_no_metadata(int depth)
    {
        var (_, metadata) = MediaMetadata.Read(Write("deep.png", Png(Xmp(depth))), "image/png");

        Assert.Empty(metadata);
    }

    [Fact]
    public void A_png_with_ordinary_xmp_keeps_its_metadata()
    {
        var (_, metadata) = MediaMetadata.Read(Write("fine.png", Png(Xmp(40))), "image/png");

        Assert.Equal("image/png", (string?)metadata["dc:format"]);
    }

    [Fact]
    public void Extended_xmp_chunks_count_in_the_order_of_their_offsets_not_of_the_file()
    {
        // In file order the chunks alternate 500 opening and 500 closing tags, never deeper than 500; joined by their
        // offsets, as MetadataExtractor joins them, the opening ones come first and nest 5,000 deep.
        var open = Encoding.ASCII.GetBytes(Repeat("<a>", 500));
        var close = Encoding.ASCII.GetBytes(Repeat("</a>", 500));
        var segments = new List<byte[]>();
        for (var i = 0; i < 10; i++)
        {
            segments.Add(ExtendedChunk((uint)(i * open.Length), open));
            segments.Add(ExtendedChunk((uint)((10 * open.Length) + (i * close.Length)), close));
        }

        var path = Write("extended.jpg", [0xFF, 0xD8, .. segments.SelectMany(s => s), 0xFF, 0xD9]);

        Assert.False(XmlNesting.Fits(path));
        Assert.True(XmlNesting.Fits(Write("plain.jpg", [0xFF, 0xD8, .. ExtendedChunk(0, open[..300]), 0xFF, 0xD9])));
    }

    private static string Repeat(string s, int count) => new StringBuilder(s.Length * count).Insert(0, s, count).ToString();

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // An APP1 segment of extended XMP (XMP Part 3 §1.1.3.1): namespace, GUID, full length, this chunk's offset, data.
    private static byte[] ExtendedChunk(uint offset, byte[] data)
    {
        var header = Encoding.ASCII.GetBytes("http://ns.adobe.com/xmp/extension/\0" + new string('0', 32));
        var segment = new byte[4 + header.Length + 8 + data.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(segment.Length - 2));
        header.CopyTo(segment, 4);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(4 + header.Length), 1_000_000);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(4 + header.Length + 4), offset);
        data.CopyTo(segment, 4 + header.Length + 8);
        return segment;
    }

    // A 1×1 grey PNG with an uncompressed XMP iTXt chunk after IHDR.
    private static byte[] Png(string xmp)
    {
        var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(output, "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        Chunk(output, "iTXt", [.. "XML:com.adobe.xmp\0\0\0\0\0"u8, .. Encoding.UTF8.GetBytes(xmp)]);
        Chunk(output, "IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]);
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        var typed = (byte[])[.. Encoding.ASCII.GetBytes(type), .. data];
        output.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        output.Write(word);
    }

    // PNG §5.5: CRC-32 over type and data (polynomial 0xEDB88320, bit by bit: the test files are small).
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
