using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Jumbf;

public sealed class JumbfTests
{
    // A c2pa.claim-like superbox: jumd (type c2cl, toggles 0x03, label "c2pa.claim") + cbor box {}.
    private const string ClaimSuperBoxHex =
        "00000035" + "6A756D62" +                                 // LBox 53, jumb
        "00000024" + "6A756D64" +                                 // LBox 36, jumd
        "6332636C00110010800000AA00389B71" +                      // c2cl UUID
        "03" +                                                    // toggles: requestable + label
        "633270612E636C61696D00" +                               // "c2pa.claim\0"
        "00000009" + "63626F72" + "A0";                           // cbor box holding {}

    [Fact]
    public void Reads_a_superbox_with_description_and_content()
    {
        var bytes = Convert.FromHexString(ClaimSuperBoxHex);
        var box = JumbfReader.ReadBox(bytes, baseOffset: 100);

        Assert.True(box.IsSuperBox);
        Assert.Equal(100, box.Offset);
        Assert.Equal(C2paBoxes.Claim, box.Description!.Type);
        Assert.Equal((byte)0x03, box.Description.Toggles);
        Assert.Equal("c2pa.claim", box.Label);
        var cbor = Assert.Single(box.Children);
        Assert.Equal(BoxTypes.Cbor, cbor.Type);
        Assert.Equal(100 + 44, cbor.Offset);
        Assert.Equal("A0", Convert.ToHexString(cbor.Content.Span));
        // The hashed content of a superbox excludes its own LBox/TBox (spec 2.2 §11.1.3.2).
        Assert.Equal(ClaimSuperBoxHex[16..], Convert.ToHexString(box.Content.Span));
        Assert.Equal("/c2pa.claim/cbor", cbor.Path);
    }

    [Fact]
    public void Read_then_write_is_byte_identical()
    {
        var bytes = Convert.FromHexString(ClaimSuperBoxHex);
        Assert.Equal(ClaimSuperBoxHex, Convert.ToHexString(JumbfWriter.Write(JumbfReader.ReadBox(bytes))));
    }

    [Fact]
    public void Write_then_read_gives_the_same_fields_and_bytes()
    {
        var cbor = JumbfWriter.ContentBox(BoxTypes.Cbor, [0xA0]);
        var written = JumbfWriter.SuperBox(C2paBoxes.Claim, "c2pa.claim", [cbor]);
        Assert.Equal(ClaimSuperBoxHex, Convert.ToHexString(written));
    }

    [Fact]
    public void Optional_description_fields_and_private_salt_box_round_trip()
    {
        var salt = JumbfWriter.ContentBox(C2paBoxes.Salt, Convert.FromHexString("00112233445566778899AABBCCDDEEFF"));
        var signature = new byte[32];
        signature[0] = 0xAB;
        var json = JumbfWriter.ContentBox(BoxTypes.Json, "{}"u8);
        var written = JumbfWriter.SuperBox(JumbfTypes.Json, "stds.schema-org.CreativeWork", [json], id: 7, signature: signature, privateBox: salt);

        var box = JumbfReader.ReadBox(written);
        Assert.Equal((byte)0x1F, box.Description!.Toggles);
        Assert.Equal(7u, box.Description.Id);
        Assert.Equal(0xAB, box.Description.Signature!.Value.Span[0]);
        Assert.Equal(C2paBoxes.Salt, box.Description.PrivateBox!.Type);
        Assert.Equal("00112233445566778899AABBCCDDEEFF", Convert.ToHexString(box.Description.PrivateBox.Content.Span));
        Assert.Equal(Convert.ToHexString(written), Convert.ToHexString(JumbfWriter.Write(box)));
    }

    [Fact]
    public void Extended_and_to_end_lengths_round_trip()
    {
        // XLBox form: LBox=1, TBox=free, XLBox=19, 3 payload bytes; then LBox=0 (to end) cbor box.
        const string hex = "00000001" + "66726565" + "0000000000000013" + "010203" + "00000000" + "63626F72" + "A1";
        var boxes = JumbfReader.ReadBoxes(Convert.FromHexString(hex));
        Assert.Equal(2, boxes.Count);
        Assert.Equal(BoxLengthForm.Extended, boxes[0].LengthForm);
        Assert.Equal(16, boxes[0].HeaderLength);
        Assert.Equal("010203", Convert.ToHexString(boxes[0].Content.Span));
        Assert.Equal(BoxLengthForm.ToEnd, boxes[1].LengthForm);
        Assert.Equal("A1", Convert.ToHexString(boxes[1].Content.Span));
        Assert.Equal(hex, Convert.ToHexString([.. JumbfWriter.Write(boxes[0]), .. JumbfWriter.Write(boxes[1])]));
    }

    [Fact]
    public void Embedded_file_description_decodes_media_type_and_name()
    {
        var payload = EmbeddedFileDescription.Encode("image/jpeg", "thumb.jpg");
        Assert.Equal("01" + Convert.ToHexString("image/jpeg\0thumb.jpg\0"u8), Convert.ToHexString(payload));
        var box = JumbfReader.ReadBox(JumbfWriter.ContentBox(BoxTypes.EmbeddedFileDescription, payload));
        Assert.Equal(new EmbeddedFileDescription("image/jpeg", "thumb.jpg", false), EmbeddedFileDescription.Decode(box));
    }

    [Theory]
    [InlineData("0000", "truncated box header")]
    [InlineData("000000FF63626F72", "runs past the end")]
    [InlineData("0000000463626F72", "shorter than its 8-byte header")]
    [InlineData("0000000163626F72FFFFFFFFFFFFFFFF", "absurdly large")]
    [InlineData("000000016672656500000000FFFFFFFF", "runs past the end")]
    [InlineData("0000001063626F72A0", "runs past the end")]
    public void Bad_lengths_are_reported_with_offsets(string hex, string expected)
    {
        var e = Assert.Throws<MalformedContentException>(() => JumbfReader.ReadBoxes(Convert.FromHexString(hex), baseOffset: 10));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(10, e.Offset);
    }

    [Fact]
    public void Superbox_without_description_is_rejected()
    {
        var bytes = Convert.FromHexString("00000011" + "6A756D62" + "00000009" + "63626F72" + "A0");
        var e = Assert.Throws<MalformedContentException>(() => JumbfReader.ReadBox(bytes));
        Assert.Contains("instead of its jumd", e.Message, StringComparison.Ordinal);
        Assert.Equal(8, e.Offset);
    }

    [Fact]
    public void Unterminated_label_is_rejected()
    {
        var bytes = Convert.FromHexString("00000022" + "6A756D62" + "0000001A" + "6A756D64" + "6332636C00110010800000AA00389B71" + "03" + "41");
        var e = Assert.Throws<MalformedContentException>(() => JumbfReader.ReadBox(bytes));
        Assert.Contains("not null-terminated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_the_bound_is_rejected_without_recursing_further()
    {
        var box = JumbfWriter.SuperBox(JumbfTypes.Cbor, "leaf", []);
        for (var i = 0; i < JumbfReader.MaxDepth + 5; i++)
        {
            box = JumbfWriter.SuperBox(JumbfTypes.Cbor, "n", [box]);
        }

        var e = Assert.Throws<MalformedContentException>(() => JumbfReader.ReadBox(box));
        Assert.Contains("nested deeper than 32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_bytes_after_a_single_box_are_reported()
    {
        var bytes = Convert.FromHexString(ClaimSuperBoxHex + "00");
        var e = Assert.Throws<MalformedContentException>(() => JumbfReader.ReadBox(bytes));
        Assert.Equal(53, e.Offset);
    }
}
