using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Gif;

public sealed class GifFormatTests
{
    /// <summary>A 1×1 GIF89a with a 2-entry global color table, a graphic control extension, one image and the trailer.</summary>
    internal static byte[] Minimal() => Convert.FromHexString(
        "474946383961" + "0100010080" + "0000" + "000000FFFFFF" +
        "21F90400000000" + "00" +
        "2C000000000100010000" + "02024401" + "00" +
        "3B");

    [Fact]
    public void Round_trip_restores_the_original() => FormatAssert.RoundTrip(GifFormat.Instance, Minimal());

    [Fact]
    public void Store_is_split_into_255_byte_sub_blocks_after_the_global_color_table()
    {
        var store = OpaqueStores.Create(600);
        using var output = new MemoryStream();
        var placement = GifFormat.Instance.Embed(new MemoryStream(Minimal()), output, store);
        var bytes = output.ToArray();
        var range = Assert.Single(placement.Carriage);
        Assert.Equal(19, range.Start); // 6 header + 7 LSD + 6 color table
        Assert.Equal(14 + 600 + 3 + 1, range.Length);
        Assert.Equal("21FF0B433250415F474946010000FF", OpaqueStores.Hex(bytes.AsSpan(19, 15)));
        Assert.Equal(0xFF, bytes[19 + 14 + 256]);
        Assert.Equal(90, bytes[19 + 14 + 512]);
        Assert.Equal(0, bytes[(int)range.End - 1]);

        var layout = GifFormat.Instance.ReadLayout(new MemoryStream(bytes));
        Assert.Equal(["GIF89a", "LSD", "21FF", "21F9", "2C", "TBID", "3B"], layout.Boxes.Select(b => b.Name));
        Assert.Equal(new ByteRange(6, 13), layout.Boxes[1].Range);
    }

    [Fact]
    public void Store_of_exactly_255_bytes_uses_one_sub_block() =>
        FormatAssert.RoundTrip(GifFormat.Instance, Minimal(), storeLength: 255);

    [Fact]
    public void Truncated_sub_block_is_malformed()
    {
        var file = Minimal();
        Assert.Equal(0x21, file[19]);
        var e = FormatAssert.Rejects(GifFormat.Instance, file.AsSpan(0, 28).ToArray());
        Assert.NotNull(e.Offset);
    }

    [Fact]
    public void Unknown_block_and_missing_trailer_are_malformed()
    {
        var file = Minimal();
        file[19] = 0x99;
        Assert.Contains("0x99", FormatAssert.Rejects(GifFormat.Instance, file).Message);
        FormatAssert.Rejects(GifFormat.Instance, Minimal().AsSpan(0, Minimal().Length - 1).ToArray());
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_gif_files_match_the_manifest() =>
        CorpusConformance.Check(f => f is GifFormat, "gif");
}
