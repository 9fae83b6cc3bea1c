using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MediaTrust.Cose;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace MediaTrust.Pki;

/// <summary>
/// An <see cref="IClaimSigner"/> over a private key in PEM (PKCS#8 <c>PRIVATE KEY</c>, or
/// <c>EC PRIVATE KEY</c> / <c>RSA PRIVATE KEY</c>) and a PEM certificate chain, leaf first.
/// The algorithm follows from the key: P-256 → ES256, P-384 → ES384, P-521 → ES512, RSA → PS256,
/// Ed25519 → EdDSA, unless one is given.
/// </summary>
public sealed class PemClaimSigner : IClaimSigner, IDisposable
{
    private readonly AsymmetricAlgorithm? _dotnetKey;
    private readonly Ed25519PrivateKeyParameters? _ed25519Key;

    private PemClaimSigner(SigningAlgorithm algorithm, IReadOnlyList<X509Certificate2> chain,
        AsymmetricAlgorithm? dotnetKey, Ed25519PrivateKeyParameters? ed25519Key)
    {
        Algorithm = algorithm;
        CertificateChain = chain;
        _dotnetKey = dotnetKey;
        _ed25519Key = ed25519Key;
    }

    /// <inheritdoc/>
    public SigningAlgorithm Algorithm { get; }

    /// <inheritdoc/>
    public IReadOnlyList<X509Certificate2> CertificateChain { get; }

    /// <summary>Reads the key and the chain from PEM files.</summary>
    public static PemClaimSigner FromFiles(string privateKeyPemPath, string certificateChainPemPath, SigningAlgorithm? algorithm = null) =>
        FromPem(File.ReadAllText(privateKeyPemPath), File.ReadAllText(certificateChainPemPath), algorithm);

    /// <summary>Builds a signer from PEM text.</summary>
    /// <exception cref="ArgumentException">The key or chain is missing or unusable, or the key does not match the leaf certificate.</exception>
    public static PemClaimSigner FromPem(string privateKeyPem, string certificateChainPem, SigningAlgorithm? algorithm = null)
    {
        try
        {
            return FromPemCore(privateKeyPem, certificateChainPem, algorithm);
        }
        catch (Exception e) when (e is CryptographicException or InvalidCastException or InvalidOperationException or IOException)
        {
            throw new ArgumentException($"the private key cannot be read: {e.Message}", nameof(privateKeyPem), e);
        }
    }

    private static PemClaimSigner FromPemCore(string privateKeyPem, string certificateChainPem, SigningAlgorithm? algorithm)
    {
        var chain = PemCertificates.Parse(certificateChainPem);
        if (chain.Count == 0)
        {
            throw new ArgumentException("the certificate chain PEM holds no certificate", nameof(certificateChainPem));
        }

        var leaf = chain[0];
        if (!PemEncoding.TryFind(privateKeyPem, out var fields))
        {
            throw new ArgumentException("no PEM private key found", nameof(privateKeyPem));
        }

        var label = privateKeyPem[fields.Label];
        var der = Convert.FromBase64String(privateKeyPem[fields.Base64Data]);
        switch (label)
        {
            case "EC PRIVATE KEY":
            {
                var ec = ECDsa.Create();
                ec.ImportECPrivateKey(der, out _);
                return ForEcdsa(ec, chain, algorithm);
            }

            case "RSA PRIVATE KEY":
            {
                var rsa = RSA.Create();
                rsa.ImportRSAPrivateKey(der, out _);
                return ForRsa(rsa, chain, algorithm);
            }

            case "PRIVATE KEY":
                break;
            default:
                throw new ArgumentException($"unsupported PEM label '{label}' (expected PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)", nameof(privateKeyPem));
        }

        var keyOid = PrivateKeyInfo.GetInstance(der).PrivateKeyAlgorithm.Algorithm.Id;
        switch (keyOid)
        {
            case SignatureVerifier.EcPublicKeyOid:
            {
                var ec = ECDsa.Create();
                ec.ImportPkcs8PrivateKey(der, out _);
                return ForEcdsa(ec, chain, algorithm);
            }

            case SignatureVerifier.RsaEncryptionOid or SignatureVerifier.RsaPssOid:
            {
                var rsa = RSA.Create();
                rsa.ImportPkcs8PrivateKey(der, out _);
                return ForRsa(rsa, chain, algorithm);
            }

            case SignatureVerifier.Ed25519Oid:
            {
                if (algorithm is not (null or SigningAlgorithm.EdDSA))
                {
                    throw new ArgumentException($"an Ed25519 key cannot sign {algorithm}", nameof(algorithm));
                }

                var key = (Ed25519PrivateKeyParameters)PrivateKeyFactory.CreateKey(der);
                var expected = leaf.PublicKey.EncodedKeyValue.RawData;
                if (!key.GeneratePublicKey().GetEncoded().AsSpan().SequenceEqual(expected))
                {
                    throw new ArgumentException("the private key does not match the leaf certificate");
                }

                return new PemClaimSigner(SigningAlgorithm.EdDSA, chain, null, key);
            }

            default:
                throw new ArgumentException($"unsupported private key algorithm {keyOid}", nameof(privateKeyPem));
        }
    }

    /// <inheritdoc/>
    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> toBeSigned, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Sign(toBeSigned.Span));

    /// <summary>Signs synchronously; the key is local.</summary>
    public byte[] Sign(ReadOnlySpan<byte> toBeSigned)
    {
        switch (_dotnetKey)
        {
            case ECDsa ec:
                return ec.SignData(toBeSigned, Algorithm.Hash(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            case RSA rsa:
                return rsa.SignData(toBeSigned, Algorithm.Hash(), RSASignaturePadding.Pss);
        }

        var signer = new Ed25519Signer();
        signer.Init(true, _ed25519Key);
        signer.BlockUpdate(toBeSigned);
        return signer.GenerateSignature();
    }

    /// <inheritdoc/>
    public void Dispose() => _dotnetKey?.Dispose();

    private static PemClaimSigner ForEcdsa(ECDsa key, IReadOnlyList<X509Certificate2> chain, SigningAlgorithm? algorithm)
    {
        var chosen = algorithm ?? key.KeySize switch
        {
            256 => SigningAlgorithm.ES256,
            384 => SigningAlgorithm.ES384,
            521 => SigningAlgorithm.ES512,
            _ => throw new ArgumentException($"EC keys must be on P-256, P-384 or P-521 (§13.2.1); this one has {key.KeySize} bits"),
        };
        if (!chosen.IsEcdsa())
        {
            throw new ArgumentException($"an EC key cannot sign {chosen}", nameof(algorithm));
        }

        using var pub = chain[0].GetECDsaPublicKey();
        var mine = key.ExportSubjectPublicKeyInfo();
        if (pub is null || !pub.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(mine))
        {
            throw new ArgumentException("the private key does not match the leaf certificate");
        }

        return new PemClaimSigner(chosen, chain, key, null);
    }

    private static PemClaimSigner ForRsa(RSA key, IReadOnlyList<X509Certificate2> chain, SigningAlgorithm? algorithm)
    {
        var chosen = algorithm ?? SigningAlgorithm.PS256;
        if (!chosen.IsRsaPss())
        {
            throw new ArgumentException($"an RSA key cannot sign {chosen} (C2PA allows only RSASSA-PSS, §13.2.1)", nameof(algorithm));
        }

        if (key.KeySize < 2048)
        {
            throw new ArgumentException($"RSA keys must have at least 2048 bits (§13.2.1); this one has {key.KeySize}");
        }

        var pub = CertificateKeys.Rsa(chain[0]);
        if (pub is null || !pub.ExportParameters(false).Modulus.AsSpan().SequenceEqual(key.ExportParameters(false).Modulus))
        {
            throw new ArgumentException("the private key does not match the leaf certificate");
        }

        return new PemClaimSigner(chosen, chain, key, null);
    }
}
