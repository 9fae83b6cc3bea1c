using System.Text;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Svg;

public sealed class SvgFormatTests
{
    private static byte[] Minimal(string inner = "<rect width=\"1\" height=\"1\"/>") =>
        Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\">" + inner + "</svg>\n");

    [Fact]
    public void Round_trip_restores_the_original()
    {
        var embedded = FormatAssert.RoundTrip(SvgFormat.Instance, Minimal());
        var text = Encoding.UTF8.GetString(embedded);
        Assert.Contains("height=\"1\"><metadata><c2pa:manifest xmlns:c2pa=\"http://c2pa.org/manifest\">AAAD6Gp1bWI", text, StringComparison.Ordinal);
        Assert.Contains("</c2pa:manifest></metadata><rect", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Existing_metadata_element_is_reused()
    {
        var original = Minimal("<metadata><title>x</title></metadata>");
        var embedded = FormatAssert.RoundTrip(SvgFormat.Instance, original);
        Assert.Contains("<metadata><c2pa:manifest xmlns:c2pa=\"http://c2pa.org/manifest\">", Encoding.UTF8.GetString(embedded), StringComparison.Ordinal);
        Assert.Single(Encoding.UTF8.GetString(embedded).Split("<metadata>")[1..]);
    }

    [Fact]
    public void Non_base64_or_non_jumbf_payload_is_malformed()
    {
        FormatAssert.Rejects(SvgFormat.Instance, Minimal("<metadata><c2pa:manifest>%%%</c2pa:manifest></metadata>"));
        var notJumbf = Convert.ToBase64String("some more test data"u8);
        FormatAssert.Rejects(SvgFormat.Instance, Minimal($"<metadata><c2pa:manifest>{notJumbf}</c2pa:manifest></metadata>"));
        FormatAssert.Rejects(SvgFormat.Instance, Minimal("<metadata><c2pa:manifest>AAAA"));
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_svg_files_match_the_manifest() =>
        CorpusConformance.Check(f => f is SvgFormat, "svg");

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_signed_svg_carriage_matches_its_data_hash_exclusion()
    {
        // cards_trusted.svg's c2pa.hash.data excludes {start 210, length 19488}: the Base64 text.
        using var stream = File.OpenRead(Testing.SharedFolder.RequireCorpusFile("c2pa-extension-validator/test/media/cards_trusted.svg"));
        var store = Assert.Single(SvgFormat.Instance.ReadLayout(stream).Stores);
        Assert.Equal(new ByteRange(210, 19488), Assert.Single(store.Carriage));
    }
}
