using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MediaTrust.Cose;
using MediaTrust.Testing;

namespace MediaTrust.Pki;

/// <summary>Issuer and subject names chain RDN by RDN, in order (RFC 5280 §7.1).</summary>
public sealed class NameChainingTests
{
    [Fact]
    public void An_issuer_name_with_its_rdns_reordered_does_not_chain()
    {
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Root, O=Example", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var root = rootRequest.CreateSelfSigned(notBefore, notBefore.AddYears(1));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=Leaf, O=Example", leafKey, HashAlgorithmName.SHA256);
        X509Certificate2 Issue(string issuerName) => leafRequest.Create(new X500DistinguishedName(issuerName),
            X509SignatureGenerator.CreateForECDsa(rootKey), notBefore, notBefore.AddDays(30), [7]);
        using var matching = Issue("CN=Root, O=Example");
        using var reordered = Issue("O=Example, CN=Root");
        using var anchor = X509CertificateLoader.LoadCertificate(root.RawData);

        Assert.True(CertificateChainBuilder.Build(matching, [], [anchor]).Found);
        Assert.False(CertificateChainBuilder.Build(reordered, [], [anchor]).Found);
    }

    [Fact]
    public void Test_pki_certificates_chain_by_exact_names()
    {
        var pki = TestPki.Create(SigningAlgorithm.ES256, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        Assert.Equal(pki.Intermediate.Certificate.SubjectName.RawData, pki.Signer.Certificate.IssuerName.RawData);
        Assert.Equal(pki.Root.Certificate.SubjectName.RawData, pki.Intermediate.Certificate.IssuerName.RawData);
    }
}
