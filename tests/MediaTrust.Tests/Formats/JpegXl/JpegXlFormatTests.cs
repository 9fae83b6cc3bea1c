using MediaTrust.Formats.Bmff;
using MediaTrust.Formats.Common;

namespace MediaTrust.Formats.JpegXl;

public sealed class JpegXlFormatTests
{
    private static byte[] Container() =>
    [
        .. Convert.FromHexString("0000000C4A584C200D0A870A"),
        .. BmffFormatTests.Box("ftyp", OpaqueStores.Ascii("jxl "), new byte[4], OpaqueStores.Ascii("jxl ")),
        .. BmffFormatTests.Box("jxlc", [0xFF, 0x0A, 1, 2, 3]),
    ];

    [Fact]
    public void Round_trip_places_the_jumb_box_after_ftyp()
    {
        var embedded = FormatAssert.RoundTrip(JpegXlFormat.Instance, Container());
        Assert.Equal("6A756D62", OpaqueStores.Hex(embedded.AsSpan(12 + 20 + 4, 4)));
    }

    [Fact]
    public void Bare_codestream_has_no_store_and_cannot_take_one()
    {
        byte[] bare = [0xFF, 0x0A, 1, 2, 3];
        Assert.True(JpegXlFormat.Instance.IsMatch(bare));
        Assert.Empty(JpegXlFormat.Instance.ReadLayout(new MemoryStream(bare)).Stores);
        Assert.Throws<MalformedContentException>(() => JpegXlFormat.Instance.Embed(new MemoryStream(bare), new MemoryStream(), OpaqueStores.Create()));
    }

    [Fact]
    public void Box_past_the_end_is_malformed()
    {
        var file = Container();
        file[^13] = 0x7F; // jxlc size field
        FormatAssert.Rejects(JpegXlFormat.Instance, file);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_jxl_files_match_the_manifest() =>
        CorpusConformance.Check(f => f is JpegXlFormat, "jxl");

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_unsigned_jxl_round_trips() =>
        FormatAssert.RoundTrip(JpegXlFormat.Instance, File.ReadAllBytes(Testing.SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/sample1.jxl")));
}
