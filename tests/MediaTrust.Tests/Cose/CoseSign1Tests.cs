using System.Formats.Cbor;
using MediaTrust.IO;
using MediaTrust.Testing;

namespace MediaTrust.Cose;

public sealed class CoseSign1Tests
{
    [Fact]
    public void Decodes_the_c2pa_profile_fields_and_keeps_raw_bytes()
    {
        var bytes = TestStores.Cose(certificate: [0x30, 0x01, 0x05], token: [0xCA, 0xFE]);
        var cose = CoseSign1.Decode(bytes);
        Assert.Equal(-7, cose.Algorithm);
        Assert.Equal("300105", Convert.ToHexString(Assert.Single(cose.CertificateChain).Span));
        Assert.Equal("CAFE", Convert.ToHexString(Assert.Single(cose.TimeStampTokens).Span));
        Assert.True(cose.TimeStampsAreV2);
        Assert.Equal("3003", Convert.ToHexString(Assert.Single(cose.OcspResponses).Span));
        Assert.Equal(1_700_000_000, cose.IssuedAt);
        Assert.Null(cose.Payload);
        Assert.Equal(5, cose.PadLength);
        Assert.Equal("01020304", Convert.ToHexString(cose.Signature.Span));
        // The signature field as encoded: bstr head 0x44 then the bytes (the sigTst2 payload, spec 2.2 §10.3.2.5).
        Assert.Equal("4401020304", Convert.ToHexString(cose.SignatureFieldEncoded.Span));
        // Protected bytes are the exact bstr contents, indefinite-length map kept as written: {_ 1: -7, 33: h'300105', 6: 1700000000}.
        Assert.Equal("BF012618214330010506" + "1A6553F100" + "FF", Convert.ToHexString(cose.ProtectedBytes.Span));
    }

    [Fact]
    public void Integer_x5chain_wins_over_the_string_label_and_arrays_keep_order()
    {
        var bytes = TestStores.Cbor(w =>
        {
            var header = TestStores.Cbor(p =>
            {
                p.WriteStartMap(null);
                p.WriteTextString("x5chain");
                p.WriteByteString([0x01]);
                p.WriteInt32(33);
                p.WriteStartArray(2);
                p.WriteByteString([0x0A]);
                p.WriteByteString([0x0B]);
                p.WriteEndArray();
                p.WriteEndMap();
            });
            w.WriteTag((CborTag)18);
            w.WriteStartArray(4);
            w.WriteByteString(header);
            w.WriteStartMap(1);
            w.WriteTextString("sigTst");
            w.WriteStartMap(1);
            w.WriteTextString("tstTokens");
            w.WriteStartArray(1);
            w.WriteStartMap(1);
            w.WriteTextString("val");
            w.WriteByteString([0x99]);
            w.WriteEndMap();
            w.WriteEndArray();
            w.WriteEndMap();
            w.WriteEndMap();
            w.WriteByteString([0x55]);
            w.WriteByteString([0x66]);
            w.WriteEndArray();
        });
        var cose = CoseSign1.Decode(bytes);
        Assert.Equal(["0A", "0B"], cose.CertificateChain.Select(c => Convert.ToHexString(c.Span)));
        Assert.False(cose.TimeStampsAreV2);
        Assert.Equal("99", Convert.ToHexString(cose.TimeStampTokens[0].Span));
        Assert.Equal("55", Convert.ToHexString(cose.Payload!.Value.Span));
        Assert.Null(cose.Algorithm);
    }

    [Theory]
    [InlineData("D28340A0F6", "has 3 elements, 4 expected")]
    [InlineData("D3844040A0F640", "not COSE_Sign1")]
    [InlineData("D2844040A0F65FFF", "invalid COSE_Sign1")]
    [InlineData("D28440A0F65A7FFFFFFF00", "invalid COSE_Sign1")]
    public void Bad_cose_is_reported(string hex, string expected)
    {
        var e = Assert.Throws<MalformedContentException>(() => CoseSign1.Decode(Convert.FromHexString(hex), "c2pa.signature"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal("claimSignature.mismatch", e.StatusCode);
    }
}
