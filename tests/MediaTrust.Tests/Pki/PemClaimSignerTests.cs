using MediaTrust.Cose;
using MediaTrust.Pki;
using static MediaTrust.Pki.PkiFixtures;

namespace MediaTrust.Pki;

public sealed class PemClaimSignerTests
{
    [Theory]
    [InlineData(SigningAlgorithm.ES256)]
    [InlineData(SigningAlgorithm.ES384)]
    [InlineData(SigningAlgorithm.ES512)]
    [InlineData(SigningAlgorithm.PS256)]
    [InlineData(SigningAlgorithm.EdDSA)]
    public void The_algorithm_follows_the_key(SigningAlgorithm algorithm)
    {
        var pki = Get(algorithm);
        using var signer = PemClaimSigner.FromPem(pki.Signer.PrivateKeyPem, pki.SignerChainPem);

        Assert.Equal(algorithm, signer.Algorithm);
        Assert.Equal(2, signer.CertificateChain.Count);
    }

    [Fact]
    public void Reads_files()
    {
        var pki = Get(SigningAlgorithm.ES256);
        var dir = Directory.CreateTempSubdirectory("mediatrust-pem-");
        try
        {
            var key = Path.Combine(dir.FullName, "signer.key");
            var chain = Path.Combine(dir.FullName, "chain.pem");
            File.WriteAllText(key, pki.Signer.PrivateKeyPem);
            File.WriteAllText(chain, pki.SignerChainPem);

            using var signer = PemClaimSigner.FromFiles(key, chain);

            Assert.Equal(64, signer.Sign("x"u8).Length); // P-256 r||s
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Rejects_a_key_that_is_not_the_leafs()
    {
        var pki = Get(SigningAlgorithm.ES256);

        Assert.Throws<ArgumentException>(() => PemClaimSigner.FromPem(pki.TimeStampAuthority.PrivateKeyPem, pki.SignerChainPem));
        Assert.Throws<ArgumentException>(() => PemClaimSigner.FromPem(Get(SigningAlgorithm.EdDSA).TimeStampAuthority.PrivateKeyPem, Get(SigningAlgorithm.EdDSA).SignerChainPem));
    }

    [Fact]
    public void Rejects_an_algorithm_the_key_cannot_make()
    {
        var pki = Get(SigningAlgorithm.ES256);

        Assert.Throws<ArgumentException>(() => PemClaimSigner.FromPem(pki.Signer.PrivateKeyPem, pki.SignerChainPem, SigningAlgorithm.PS256));
        Assert.Throws<ArgumentException>(() => PemClaimSigner.FromPem("no key here", pki.SignerChainPem));
        Assert.Throws<ArgumentException>(() => PemClaimSigner.FromPem(pki.Signer.PrivateKeyPem, "no certificates"));
        Assert.Throws<ArgumentException>(() => PemClaimSigner.FromPem("-----BEGIN PRIVATE KEY-----\nAAECAw==\n-----END PRIVATE KEY-----\n", pki.SignerChainPem));
        Assert.Throws<ArgumentException>(() => PemClaimSigner.FromPem("-----BEGIN EC PRIVATE KEY-----\nAAECAw==\n-----END EC PRIVATE KEY-----\n", pki.SignerChainPem));
    }
}
