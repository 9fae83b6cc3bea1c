using MediaTrust.Cose;
using MediaTrust.Pki;
using static MediaTrust.Pki.PkiFixtures;
using MediaTrust.Testing;

namespace MediaTrust.Pki;

public sealed class CertificateSignatureTests
{
    [Theory]
    [InlineData(SigningAlgorithm.ES256)]
    [InlineData(SigningAlgorithm.ES384)]
    [InlineData(SigningAlgorithm.ES512)]
    [InlineData(SigningAlgorithm.PS256)]
    [InlineData(SigningAlgorithm.EdDSA)]
    public void Verifies_with_the_issuer_only(SigningAlgorithm algorithm)
    {
        var pki = Get(algorithm);

        Assert.True(CertificateSignature.Verify(pki.Signer.Certificate, pki.Intermediate.Certificate));
        Assert.True(CertificateSignature.Verify(pki.Intermediate.Certificate, pki.Root.Certificate));
        Assert.True(CertificateSignature.Verify(pki.Root.Certificate, pki.Root.Certificate));
        Assert.False(CertificateSignature.Verify(pki.Signer.Certificate, pki.Root.Certificate));
        Assert.False(CertificateSignature.Verify(pki.Signer.Certificate, pki.Signer.Certificate));
    }

    [Fact]
    public void Algorithms_not_handled_by_dotnet_fall_back_to_bouncycastle()
    {
        // ecdsa-with-SHA1 is outside the profile, but a chain may still need its signature checked.
        var pki = Get(SigningAlgorithm.ES256);
        var template = TestPki.SignerTemplate(TestKeyType.P256, NotBefore, NotAfter, "SHA-1") with { SignatureAlgorithm = "SHA1withECDSA" };
        var issued = pki.Issue(template, pki.Intermediate);

        Assert.True(CertificateSignature.Verify(issued.Certificate, pki.Intermediate.Certificate));
        Assert.False(CertificateSignature.Verify(issued.Certificate, pki.Root.Certificate));
    }

    [Fact]
    public void A_tampered_certificate_fails()
    {
        var pki = Get(SigningAlgorithm.PS256);
        var der = pki.Signer.Certificate.RawData.ToArray();
        der[^10] ^= 0x01; // inside the signature value
        using var tampered = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(der);

        Assert.False(CertificateSignature.Verify(tampered, pki.Intermediate.Certificate));
    }

    [Fact]
    public void An_issuer_key_with_a_malformed_ec_point_fails_instead_of_throwing()
    {
        // Fuzzing finding (x509-chain, docs/robustness.md): BouncyCastle decodes an EC point only when the key is
        // used and reports a bad point encoding with a FormatException, which escaped the chain builder.
        var pki = Get(SigningAlgorithm.ES256);
        var template = TestPki.SignerTemplate(TestKeyType.P256, NotBefore, NotAfter, "SHA-1") with { SignatureAlgorithm = "SHA1withECDSA" };
        var issued = pki.Issue(template, pki.Intermediate); // ecdsa-with-SHA1: checked by BouncyCastle, not .NET
        using var issuer = WithMalformedEcPoint(pki.Intermediate.Certificate);

        Assert.False(CertificateSignature.Verify(issued.Certificate, issuer));
        Assert.NotNull(CertificateChainBuilder.Build(issued.Certificate, [issuer], [pki.Root.Certificate]).Problem);
    }

    /// <summary>The certificate with its uncompressed P-256 point's form byte (0x04) set to 0x05, an invalid encoding.</summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2 WithMalformedEcPoint(
        System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var der = certificate.RawData.ToArray();
        byte[] bitStringHeader = [0x03, 0x42, 0x00, 0x04]; // BIT STRING of 66 bytes: no unused bits, then the point
        var at = der.AsSpan().IndexOf(bitStringHeader);
        Assert.True(at > 0);
        der[at + 3] = 0x05;
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(der);
    }
}
