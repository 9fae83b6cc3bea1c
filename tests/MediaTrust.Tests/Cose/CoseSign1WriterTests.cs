using System.Formats.Cbor;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Validation;

namespace MediaTrust.Cose;

public sealed class CoseSign1WriterTests
{
    private static readonly byte[] CertA = [0x30, 0x03, 0x01, 0x01, 0xFF];
    private static readonly byte[] CertB = [0x30, 0x03, 0x01, 0x01, 0x00];

    [Fact]
    public void Protected_header_holds_alg_and_x5chain_as_bstr_for_one_certificate()
    {
        var encoded = CoseSign1Writer.EncodeProtectedHeader(SigningAlgorithm.ES256, [CertA]);
        // a2 01 26 18 21 45 3003 0101ff
        Assert.Equal("A2012618214530030101FF", Convert.ToHexString(encoded));
    }

    [Fact]
    public void Protected_header_holds_an_array_for_several_certificates_and_iat()
    {
        var encoded = CoseSign1Writer.EncodeProtectedHeader(SigningAlgorithm.PS256, [CertA, CertB], issuedAt: 1_700_000_000);
        // a3 01 3824(-37) 06 1a 6553f100 18 21 82 45.. 45..
        Assert.Equal("A301382406" + "1A6553F100" + "182182" + "4530030101FF" + "453003010100", Convert.ToHexString(encoded));
    }

    [Fact]
    public void Round_trips_through_a_cbor_decoder()
    {
        var protectedHeader = CoseSign1Writer.EncodeProtectedHeader(SigningAlgorithm.EdDSA, [CertA, CertB]);
        var header = new CoseUnprotectedHeader
        {
            TimeStampTokensV2 = [new byte[] { 1, 2, 3 }],
            OcspResponses = [new byte[] { 4, 5 }, new byte[] { 6 }],
        };
        byte[] signature = [9, 9, 9, 9];

        var encoded = CoseSign1Writer.Encode(protectedHeader, header, signature);

        var reader = new CborReader(encoded);
        Assert.Equal((CborTag)18, reader.ReadTag());
        Assert.Equal(4, reader.ReadStartArray());
        Assert.Equal(protectedHeader, reader.ReadByteString());
        Assert.Equal(2, reader.ReadStartMap());
        Assert.Equal("sigTst2", reader.ReadTextString());
        Assert.Equal(1, reader.ReadStartMap());
        Assert.Equal("tstTokens", reader.ReadTextString());
        Assert.Equal(1, reader.ReadStartArray());
        Assert.Equal(1, reader.ReadStartMap());
        Assert.Equal("val", reader.ReadTextString());
        Assert.Equal([1, 2, 3], reader.ReadByteString());
        reader.ReadEndMap();
        reader.ReadEndArray();
        reader.ReadEndMap();
        Assert.Equal("rVals", reader.ReadTextString());
        Assert.Equal(1, reader.ReadStartMap());
        Assert.Equal("ocspVals", reader.ReadTextString());
        Assert.Equal(2, reader.ReadStartArray());
        Assert.Equal([4, 5], reader.ReadByteString());
        Assert.Equal([6], reader.ReadByteString());
        reader.ReadEndArray();
        reader.ReadEndMap();
        reader.ReadEndMap();
        reader.ReadNull(); // detached payload
        Assert.Equal(signature, reader.ReadByteString());
        reader.ReadEndArray();
        Assert.Equal(0, reader.BytesRemaining);

        var inner = new CborReader(protectedHeader);
        Assert.Equal(2, inner.ReadStartMap());
        Assert.Equal(1, inner.ReadInt32());
        Assert.Equal(-8, inner.ReadInt32());
        Assert.Equal(33, inner.ReadInt32());
        Assert.Equal(2, inner.ReadStartArray());
    }

    [Fact]
    public void Pads_to_every_reachable_target_size_exactly()
    {
        var protectedHeader = CoseSign1Writer.EncodeProtectedHeader(SigningAlgorithm.ES256, [CertA]);
        var unpadded = CoseSign1Writer.Encode(protectedHeader, new CoseUnprotectedHeader(), new byte[64]);

        for (var target = unpadded.Length + 5; target < unpadded.Length + 70_000; target += target < unpadded.Length + 400 ? 1 : 997)
        {
            var padded = CoseSign1Writer.Encode(protectedHeader, new CoseUnprotectedHeader(), new byte[64], target);
            Assert.Equal(target, padded.Length);
            var reader = new CborReader(padded);
            reader.SkipValue();
            Assert.Equal(0, reader.BytesRemaining);
        }
    }

    [Fact]
    public void Refuses_a_target_too_small()
    {
        var protectedHeader = CoseSign1Writer.EncodeProtectedHeader(SigningAlgorithm.ES256, [CertA]);
        var unpadded = CoseSign1Writer.Encode(protectedHeader, new CoseUnprotectedHeader(), new byte[64]);

        Assert.Equal(unpadded.Length, CoseSign1Writer.Encode(protectedHeader, new CoseUnprotectedHeader(), new byte[64], unpadded.Length).Length);
        Assert.Throws<ArgumentException>(() => CoseSign1Writer.Encode(protectedHeader, new CoseUnprotectedHeader(), new byte[64], unpadded.Length - 1));
        Assert.Throws<ArgumentException>(() => CoseSign1Writer.Encode(protectedHeader, new CoseUnprotectedHeader(), new byte[64], unpadded.Length + 3));
    }

    [Fact]
    public async Task Sign_async_produces_a_signature_that_validates()
    {
        var pki = PkiFixtures.Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();

        var cose = await ClaimSignatureWriter.SignAsync(signer, PkiFixtures.Claim, targetSize: 4096, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(4096, cose.Length);
        var reader = new CborReader(cose);
        reader.ReadTag();
        reader.ReadStartArray();
        var protectedHeader = reader.ReadByteString();
        reader.SkipValue();
        reader.ReadNull();
        var signature = reader.ReadByteString();
        var result = await ManifestValidator.CheckClaimSignatureAsync(new ClaimSignatureInput
        {
            ProtectedHeader = protectedHeader,
            Algorithm = -7,
            CertificateChain = [pki.Signer.Certificate.RawData, pki.Intermediate.Certificate.RawData],
            ClaimBytes = PkiFixtures.Claim,
            Signature = signature,
        }, new ValidationOptions { Trust = PkiFixtures.TrustFor(pki), ValidationTime = PkiFixtures.Now }, TestContext.Current.CancellationToken);
        Assert.Equal(ValidationState.Trusted, PkiFixtures.StateOf(result));
    }
}
