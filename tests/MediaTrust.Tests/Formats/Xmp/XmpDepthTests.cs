using System.Text;

namespace MediaTrust.Formats.Xmp;

/// <summary>
/// Writing a remote reference loads the asset's XMP into a tree, which costs the square of its nesting depth
/// (docs/robustness.md, "Limits"): a packet deeper than <see cref="XmpPacket.MaxDepth"/> is refused before it is loaded.
/// </summary>
[Trait("Category", "Damage")]
public sealed class XmpDepthTests
{
    private static byte[] Packet(int depth) => Encoding.UTF8.GetBytes(
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">" + string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth))
        + "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\"/></rdf:RDF></x:xmpmeta>");

    [Fact]
    public void A_packet_nesting_deeper_than_the_limit_is_malformed()
    {
        var e = Assert.Throws<MalformedContentException>(() => XmpPacket.SetProvenance(Packet(100_000), "https://example.com/m.c2pa"));

        Assert.Contains($"deeper than {XmpPacket.MaxDepth} levels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_packet_within_the_limit_gets_its_provenance()
    {
        var written = XmpPacket.SetProvenance(Packet(XmpPacket.MaxDepth - 2), "https://example.com/m.c2pa");

        Assert.Equal("https://example.com/m.c2pa", XmpPacket.FindProvenance(written));
    }
}
