using System.Security.Cryptography;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Testing;
using static MediaTrust.Pki.PkiFixtures;

namespace MediaTrust.Pki;

public sealed class TrustStoreTests
{
    [Fact]
    public void Defaults_accept_the_c2pa_and_legacy_ekus_and_trust_nothing()
    {
        var store = TrustStore.Empty;

        Assert.Contains(CertificateProfile.ClaimSigningEku, store.SignerEkus);
        Assert.Contains("1.3.6.1.5.5.7.3.4", store.SignerEkus);
        Assert.Contains("1.3.6.1.5.5.7.3.36", store.SignerEkus);
        Assert.Empty(store.SignerAnchors);
        Assert.Empty(store.TimeStampAnchors);
    }

    [Fact]
    public void Reads_c2pa_rs_store_cfg()
    {
        const string Config = "//id-kp-emailProtection \n1.3.6.1.5.5.7.3.4\n//id-kp-timeStamping \n1.3.6.1.5.5.7.3.8\n// custom\n1.2.3.4.5 // trailing comment\n";
        var store = new TrustStoreBuilder().SetSignerEkus([]).AddSignerEkusFromConfig(Config).Build();

        Assert.Equal(["1.2.3.4.5", "1.3.6.1.5.5.7.3.4"], store.SignerEkus.Order());
        Assert.Throws<FormatException>(() => new TrustStoreBuilder().AddSignerEkusFromConfig("not-an-oid"));
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Reads_the_corpus_store_cfg()
    {
        var path = SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/certs/trust/store.cfg");
        var store = new TrustStoreBuilder().SetSignerEkus([]).AddSignerEkusFromConfig(File.ReadAllText(path)).Build();

        Assert.Contains(CertificateProfile.ClaimSigningEku, store.SignerEkus);
        Assert.Contains("1.3.6.1.4.1.311.76.59.1.9", store.SignerEkus);
        Assert.DoesNotContain(CertificateProfile.TimeStampingEku, store.SignerEkus);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Loads_the_c2pa_trust_lists()
    {
        var signers = SharedFolder.RequireCorpusFile("conformance-public/trust-list/C2PA-TRUST-LIST.pem");
        var tsas = SharedFolder.RequireCorpusFile("conformance-public/trust-list/C2PA-TSA-TRUST-LIST.pem");
        var store = new TrustStoreBuilder().AddSignerAnchorsFromPem(File.ReadAllText(signers)).AddTimeStampAnchorsFromPem(File.ReadAllText(tsas)).Build();

        Assert.NotEmpty(store.SignerAnchors);
        Assert.NotEmpty(store.TimeStampAnchors);
    }

    [Fact]
    public void Allow_list_accepts_pem_base64_and_hex_fingerprints()
    {
        var pki = Get(SigningAlgorithm.ES256);
        var hash = SHA256.HashData(pki.Signer.Certificate.RawData);
        var tsaHash = SHA256.HashData(pki.TimeStampAuthority.Certificate.RawData);

        var fromPem = new TrustStoreBuilder().AddAllowedEndEntities(pki.Signer.CertificatePem).Build();
        var fromBase64 = new TrustStoreBuilder().AddAllowedEndEntities("// allowed\n" + Convert.ToBase64String(hash) + "\n").Build();
        var fromHex = new TrustStoreBuilder().AddAllowedEndEntities(string.Join(':', tsaHash.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)))).Build();

        Assert.True(fromPem.IsAllowedEndEntity(pki.Signer.Certificate));
        Assert.True(fromBase64.IsAllowedEndEntity(pki.Signer.Certificate));
        Assert.True(fromHex.IsAllowedEndEntity(pki.TimeStampAuthority.Certificate));
        Assert.False(fromHex.IsAllowedEndEntity(pki.Signer.Certificate));
        Assert.Throws<FormatException>(() => new TrustStoreBuilder().AddAllowedEndEntities("nonsense"));
    }

    [Fact]
    public void Pem_parsing_skips_other_blocks_and_rejects_broken_certificates()
    {
        var pki = Get(SigningAlgorithm.ES256);
        var bundle = "text\n" + pki.Signer.PrivateKeyPem + pki.Root.CertificatePem + pki.Intermediate.CertificatePem;

        Assert.Equal(2, PemCertificates.Parse(bundle).Count);
        Assert.Throws<ArgumentException>(() => PemCertificates.Parse("-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n"));
    }
}
