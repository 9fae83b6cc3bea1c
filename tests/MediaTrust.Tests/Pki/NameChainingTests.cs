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

    [Theory]
    [InlineData("example", " TEST   ROOT ", true)] // case, outer and inner spaces fold
    [InlineData("Example", "Test Root", true)] // same text, another string type: the encodings differ
    [InlineData("Example", "Test Rot", false)]
    [InlineData("Example Inc", "Test Root", false)]
    public void Issuer_names_match_after_case_and_space_folding(string organization, string commonName, bool chains)
    {
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootName = new X500DistinguishedNameBuilder();
        rootName.AddOrganizationName("Example");
        rootName.AddCommonName("Test  Root");
        var rootRequest = new CertificateRequest(rootName.Build(), rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var root = rootRequest.CreateSelfSigned(notBefore, notBefore.AddYears(1));

        var issuerName = new X500DistinguishedNameBuilder();
        issuerName.Add("2.5.4.10", organization, System.Formats.Asn1.UniversalTagNumber.PrintableString);
        issuerName.Add("2.5.4.3", commonName, System.Formats.Asn1.UniversalTagNumber.PrintableString);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = new CertificateRequest("CN=Leaf", leafKey, HashAlgorithmName.SHA256).Create(issuerName.Build(),
            X509SignatureGenerator.CreateForECDsa(rootKey), notBefore, notBefore.AddDays(30), [7]);
        using var anchor = X509CertificateLoader.LoadCertificate(root.RawData);

        Assert.False(leaf.IssuerName.RawData.AsSpan().SequenceEqual(anchor.SubjectName.RawData));
        Assert.Equal(chains, CertificateChainBuilder.Build(leaf, [], [anchor]).Found);
    }

    [Fact]
    public void A_name_folds_per_attribute_and_a_malformed_name_folds_to_nothing()
    {
        var name = new X500DistinguishedNameBuilder(); // encodes the last attribute added first
        name.Add("2.5.4.10", "  Example   Inc ", System.Formats.Asn1.UniversalTagNumber.UTF8String);
        name.Add("2.5.4.3", "ROOT", System.Formats.Asn1.UniversalTagNumber.PrintableString);

        Assert.Equal(["2.5.4.3=root", "2.5.4.10=example inc"], CertificateKeys.FoldedName(name.Build().RawData) ?? []);
        Assert.Null(CertificateKeys.FoldedName([0x30, 0x03, 0x02, 0x01]));
    }

    [Fact]
    public void Test_pki_certificates_chain_by_exact_names()
    {
        var pki = TestPki.Create(SigningAlgorithm.ES256, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        Assert.Equal(pki.Intermediate.Certificate.SubjectName.RawData, pki.Signer.Certificate.IssuerName.RawData);
        Assert.Equal(pki.Root.Certificate.SubjectName.RawData, pki.Intermediate.Certificate.IssuerName.RawData);
    }
}
