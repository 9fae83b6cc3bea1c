using System.Text;
using MediaTrust.Formats.Xmp;

namespace MediaTrust.Formats.Xmp;

/// <summary>Inputs the fuzzing campaign found (docs/robustness.md, "Fuzzing"), minimised; the file is in fuzz/findings/xmp/.</summary>
[Trait("Category", "Damage")]
public sealed class XmpFuzzFindingTests
{
    [Fact]
    public void A_description_that_binds_the_dcterms_prefix_elsewhere_still_gets_the_provenance()
    {
        // afl-tmin output of the first finding: xmlns:dcterms names another namespace, so declaring the prefix again
        // was a duplicate attribute (InvalidOperationException from System.Xml.Linq).
        var packet = Encoding.UTF8.GetBytes(
            "<x:xmpmeta xmlns:x=\"0\"><rdf:RD0 xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">" +
            "<rdf:Description r=\"\" xmlns:dcterms=\"0\"/></rdf:RD0></x:xmpmeta>");

        var updated = XmpPacket.SetProvenance(packet, "https://example.com/m.c2pa");

        Assert.Equal("https://example.com/m.c2pa", XmpPacket.FindProvenance(updated));
        Assert.Contains("xmlns:dcterms=\"0\"", Encoding.UTF8.GetString(updated), StringComparison.Ordinal);
    }
}
