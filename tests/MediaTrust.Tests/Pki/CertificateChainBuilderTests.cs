using MediaTrust.Cose;
using MediaTrust.Pki;
using static MediaTrust.Pki.PkiFixtures;
using KU = Org.BouncyCastle.Asn1.X509.KeyUsage;
using MediaTrust.Testing;

namespace MediaTrust.Pki;

public sealed class CertificateChainBuilderTests
{
    [Theory]
    [InlineData(SigningAlgorithm.ES256)]
    [InlineData(SigningAlgorithm.PS256)]
    [InlineData(SigningAlgorithm.EdDSA)]
    public void Builds_leaf_intermediate_root(SigningAlgorithm algorithm)
    {
        var pki = Get(algorithm);

        var chain = CertificateChainBuilder.Build(pki.Signer.Certificate, [pki.Intermediate.Certificate], [pki.Root.Certificate]);

        Assert.True(chain.Found, chain.Problem);
        Assert.Equal([pki.Signer.Certificate, pki.Intermediate.Certificate, pki.Root.Certificate], chain.Path);
    }

    [Fact]
    public void An_intermediate_can_be_the_anchor()
    {
        var pki = Get(SigningAlgorithm.ES256);

        var chain = CertificateChainBuilder.Build(pki.Signer.Certificate, [], [pki.Intermediate.Certificate]);

        Assert.True(chain.Found, chain.Problem);
        Assert.Equal(2, chain.Path.Count);
    }

    [Fact]
    public void A_missing_intermediate_breaks_the_chain()
    {
        var pki = Get(SigningAlgorithm.ES256);

        var chain = CertificateChainBuilder.Build(pki.Signer.Certificate, [], [pki.Root.Certificate]);

        Assert.False(chain.Found);
        Assert.Empty(chain.Path);
    }

    [Fact]
    public void An_end_entity_cannot_issue()
    {
        var pki = Get(SigningAlgorithm.ES256);
        var fakeCa = pki.Issue(TestPki.SignerTemplate(TestKeyType.P256, NotBefore, NotAfter, "Fake CA"), pki.Intermediate);
        var leaf = pki.Issue(TestPki.SignerTemplate(TestKeyType.P256, NotBefore, NotAfter, "Below fake CA"), fakeCa);

        var chain = CertificateChainBuilder.Build(leaf.Certificate, [fakeCa.Certificate, pki.Intermediate.Certificate], [pki.Root.Certificate]);

        Assert.False(chain.Found);
        Assert.Contains("not a CA", chain.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_length_is_enforced()
    {
        // The intermediate has pathLen 0: a CA below it cannot issue.
        var pki = Get(SigningAlgorithm.ES256);
        var subCa = pki.Issue(new CertificateTemplate
        {
            Subject = "CN=Sub CA", IsCa = true, KeyUsage = KU.KeyCertSign, NotBefore = NotBefore, NotAfter = NotAfter,
        }, pki.Intermediate);
        var leaf = pki.Issue(TestPki.SignerTemplate(TestKeyType.P256, NotBefore, NotAfter, "Too deep"), subCa);

        var chain = CertificateChainBuilder.Build(leaf.Certificate, [subCa.Certificate, pki.Intermediate.Certificate], [pki.Root.Certificate]);

        Assert.False(chain.Found);
        Assert.Contains("allows 0", chain.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_signed_by_another_key_with_the_same_issuer_name_fails()
    {
        // A fresh PKI with the same names as the cached one, but its own keys.
        var pki = Get(SigningAlgorithm.ES256);
        var impostor = TestPki.Create(SigningAlgorithm.ES256, NotBefore, NotAfter);

        var chain = CertificateChainBuilder.Build(impostor.Signer.Certificate, [impostor.Intermediate.Certificate], [pki.Root.Certificate]);

        Assert.False(chain.Found);
        Assert.Contains("does not verify", chain.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void No_anchors_no_chain()
    {
        var pki = Get(SigningAlgorithm.ES256);

        Assert.False(CertificateChainBuilder.Build(pki.Signer.Certificate, [pki.Intermediate.Certificate], []).Found);
    }

    [Fact]
    public void A_hostile_mesh_of_same_named_cas_does_not_explode()
    {
        // 24 CAs with the same name, all signed by the same self-made key: each can "issue" every other.
        var pki = Get(SigningAlgorithm.ES256);
        var seed = pki.Issue(new CertificateTemplate { Subject = "CN=Loop", IsCa = true, KeyUsage = KU.KeyCertSign, NotBefore = NotBefore, NotAfter = NotAfter }, issuer: null);
        var mesh = Enumerable.Range(0, 24)
            .Select(_ => pki.Issue(new CertificateTemplate
            {
                Subject = "CN=Loop", IsCa = true, KeyUsage = KU.KeyCertSign, NotBefore = NotBefore, NotAfter = NotAfter, ReuseKeyOf = seed,
            }, seed).Certificate)
            .ToList();
        var leaf = pki.Issue(TestPki.SignerTemplate(TestKeyType.P256, NotBefore, NotAfter, "Leaf in a loop"), seed);
        var chain = HangGuard.Run(() => CertificateChainBuilder.Build(leaf.Certificate, mesh, [pki.Root.Certificate]), "building a chain through a loop");

        Assert.False(chain.Found);
        Assert.Contains("gave up", chain.Problem, StringComparison.Ordinal);
    }
}
