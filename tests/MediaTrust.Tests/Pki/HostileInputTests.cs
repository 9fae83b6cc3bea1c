using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Validation;
using static MediaTrust.Pki.PkiFixtures;

namespace MediaTrust.Pki;

/// <summary>Corrupted certificates, tokens and OCSP responses become findings, never exceptions.</summary>
[Trait("Category", "Damage")]
public sealed class HostileInputTests
{
    [Theory]
    [InlineData(SigningAlgorithm.ES256)]
    [InlineData(SigningAlgorithm.PS256)]
    [InlineData(SigningAlgorithm.EdDSA)]
    public async Task Random_corruption_never_throws(SigningAlgorithm algorithm)
    {
        var pki = Get(algorithm);
        var stamping = Get(SigningAlgorithm.ES256); // SignedCms cannot sign with Ed25519
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        var token = TestTimeStampAuthority.Issue(stamping.TimeStampAuthority, [stamping.Intermediate.Certificate],
            SigStructure.ForTimeStamp(signed.ProtectedHeader, signed.SignatureField), Now.AddDays(-1));
        var ocsp = TestOcspResponder.Respond(pki.OcspResponder, pki.Intermediate.Certificate, pki.Signer.Certificate, OcspAnswer.Good, Now.AddDays(-1), Now.AddDays(1));
        var random = new Random(20260101 + (int)algorithm);
        var options = new ValidationOptions { Trust = TrustFor(pki).ToBuilder().AddTimeStampAnchors([stamping.Root.Certificate]).Build(), ValidationTime = Now };

        for (var i = 0; i < 1000; i++)
        {
            var leaf = Corrupt(pki.Signer.Certificate.RawData, random);
            var intermediate = Corrupt(pki.Intermediate.Certificate.RawData, random);
            var input = signed.Input(tokens: [Corrupt(token, random)], v2: random.Next(2) == 0, ocsp: [Corrupt(ocsp, random)]) with
            {
                Algorithm = (int)algorithm,
                CertificateChain = [leaf, intermediate],
                Signature = Corrupt(signed.Signature, random),
            };

            var result = await ManifestValidator.CheckClaimSignatureAsync(input, options, TestContext.Current.CancellationToken);

            Assert.NotEmpty(result.Findings);
        }
    }

    private static byte[] Corrupt(byte[] data, Random random)
    {
        var copy = data.ToArray();
        switch (random.Next(4))
        {
            case 0:
                return copy; // leave some intact so later stages run
            case 1:
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
                }

                return copy;
            case 2:
                return copy[..random.Next(copy.Length)];
            default:
                var noise = new byte[random.Next(0, 64)];
                random.NextBytes(noise);
                return noise;
        }
    }

    /// <summary>
    /// A name part that does not decode (here the subject's organizationName made a PrintableString holding
    /// '_', which that type does not allow) passes .NET's first look, which prints names leniently, and fails
    /// only when the parts are enumerated, as the signer summary and the Reader JSON do. Real certificates
    /// do this (an Adobe staging TSA in the corpus), so the certificate still loads; the part is skipped.
    /// </summary>
    [Fact]
    public void A_name_part_that_does_not_decode_is_skipped_not_thrown()
    {
        var der = Get(SigningAlgorithm.ES256).Signer.Certificate.RawData.ToArray();
        byte[] organization = [0x0C, 0x0F, .. "MediaTrust Test"u8];
        var issuer = der.AsSpan().IndexOf(organization);
        var subject = issuer + 1 + der.AsSpan(issuer + 1).IndexOf(organization); // the issuer's name comes first
        Assert.True(issuer > 0 && subject > issuer);
        der[subject] = 0x13;                // PrintableString
        der[subject + 2 + 5] = (byte)'_';   // "Media_rust Test"

        var loaded = CertificateLoader.TryLoad(der, out var problem);

        Assert.NotNull(loaded);
        Assert.Null(problem);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() =>
            loaded.SubjectName.EnumerateRelativeDistinguishedNames().Select(r => r.GetSingleElementValue()).ToList());
        Assert.Null(DistinguishedNames.Find(loaded.SubjectName, "2.5.4.10"));
        Assert.Equal("MediaTrust Test", DistinguishedNames.Find(loaded.IssuerName, "2.5.4.10"));
    }
}
