using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MediaTrust.Cose;
using MediaTrust.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace MediaTrust.Testing;

/// <summary>A generated certificate with its private key (which lives only in memory or where you write it).</summary>
public sealed class IssuedCertificate
{
    internal IssuedCertificate(X509Certificate2 certificate, AsymmetricKeyParameter privateKey)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
    }

    /// <summary>The certificate.</summary>
    public X509Certificate2 Certificate { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>The certificate in PEM.</summary>
    public string CertificatePem => PemEncoding.WriteString("CERTIFICATE", Certificate.RawData) + "\n";

    /// <summary>The private key in PKCS#8 PEM (<c>PRIVATE KEY</c>).</summary>
    public string PrivateKeyPem =>
        PemEncoding.WriteString("PRIVATE KEY", PrivateKeyInfoFactory.CreatePrivateKeyInfo(PrivateKey).GetEncoded()) + "\n";

    /// <summary>The certificate with its private key attached, for .NET APIs (EC and RSA keys only).</summary>
    public X509Certificate2 WithPrivateKey()
    {
        var pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(PrivateKey).GetEncoded();
        switch (PrivateKey)
        {
            case ECPrivateKeyParameters:
            {
                using var ec = ECDsa.Create();
                ec.ImportPkcs8PrivateKey(pkcs8, out _);
                return Certificate.CopyWithPrivateKey(ec);
            }

            case RsaPrivateCrtKeyParameters:
            {
                using var rsa = RSA.Create();
                rsa.ImportPkcs8PrivateKey(pkcs8, out _);
                return Certificate.CopyWithPrivateKey(rsa);
            }

            default:
                throw new NotSupportedException(".NET cannot attach this key type to a certificate; use the PEM");
        }
    }
}

/// <summary>Key types the test PKI can generate (some deliberately outside the C2PA profile, for tests).</summary>
internal enum TestKeyType
{
    P256,
    P384,
    P521,
    Secp256k1,
    Rsa2048,
    Rsa1024,
    Ed25519,
}

/// <summary>Everything about a certificate to generate; the knobs exist so tests can break each profile rule.</summary>
internal sealed record CertificateTemplate
{
    public required string Subject { get; init; }

    public TestKeyType KeyType { get; init; } = TestKeyType.P256;

    public bool IsCa { get; init; }

    public bool IncludeBasicConstraints { get; init; } = true;

    public int? PathLength { get; init; }

    /// <summary>BouncyCastle KeyUsage flags; null leaves the extension out.</summary>
    public int? KeyUsage { get; init; }

    /// <summary>EKU OIDs; null leaves the extension out.</summary>
    public IReadOnlyList<string>? Ekus { get; init; }

    public bool EkuCritical { get; init; }

    public bool IncludeAuthorityKeyId { get; init; } = true;

    public bool IncludeSubjectKeyId { get; init; } = true;

    public bool Version1 { get; init; }

    public bool WithUniqueIds { get; init; }

    /// <summary>A BouncyCastle signature algorithm name that overrides the one chosen from the issuer's key.</summary>
    public string? SignatureAlgorithm { get; init; }

    public IReadOnlyList<string>? OcspResponderUrls { get; init; }

    /// <summary>Certificate policy OIDs (RFC 5280 §4.2.1.4); null leaves the extension out.</summary>
    public IReadOnlyList<string>? CertificatePolicies { get; init; }

    /// <summary>Certify the key of this certificate instead of a fresh one (for hostile-chain tests).</summary>
    public IssuedCertificate? ReuseKeyOf { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset NotAfter { get; init; }
}

/// <summary>
/// Generates a complete test PKI: root → intermediate → claim signer (c2pa-kp-claimSigning,
/// digitalSignature), plus a time-stamping authority (critical EKU timeStamping) and an OCSP
/// responder (OCSPSigning), all issued by the intermediate. Keys are generated fresh every time
/// and never stored unless you write the PEM out. For tests and for <c>mediatrust cert init</c>;
/// never for production trust.
/// </summary>
public sealed class TestPki
{
    private static readonly SecureRandom Random = new();
    private long _serial = 1;

    private TestPki(SigningAlgorithm algorithm) => Algorithm = algorithm;

    /// <summary>The signing algorithm of every key in this PKI.</summary>
    public SigningAlgorithm Algorithm { get; }

    /// <summary>The self-signed root CA.</summary>
    public IssuedCertificate Root { get; private set; } = null!;

    /// <summary>The intermediate CA (pathLen 0) that issues the end entities.</summary>
    public IssuedCertificate Intermediate { get; private set; } = null!;

    /// <summary>The claim signer: c2pa-kp-claimSigning, digitalSignature.</summary>
    public IssuedCertificate Signer { get; private set; } = null!;

    /// <summary>The time-stamping authority: exactly id-kp-timeStamping, critical.</summary>
    public IssuedCertificate TimeStampAuthority { get; private set; } = null!;

    /// <summary>The delegated OCSP responder: exactly id-kp-OCSPSigning.</summary>
    public IssuedCertificate OcspResponder { get; private set; } = null!;

    /// <summary>The signer's chain as x5chain wants it: signer then intermediate, no root (PEM).</summary>
    public string SignerChainPem => Signer.CertificatePem + Intermediate.CertificatePem;

    /// <summary>
    /// Generates a PKI for <paramref name="algorithm"/> (ES256, ES384, ES512, PS256/384/512 or EdDSA)
    /// whose certificates are valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>.
    /// </summary>
    public static TestPki Create(SigningAlgorithm algorithm, DateTimeOffset notBefore, DateTimeOffset notAfter, string name = "MediaTrust Test")
    {
        var pki = new TestPki(algorithm);
        var keyType = algorithm switch
        {
            SigningAlgorithm.ES256 => TestKeyType.P256,
            SigningAlgorithm.ES384 => TestKeyType.P384,
            SigningAlgorithm.ES512 => TestKeyType.P521,
            SigningAlgorithm.EdDSA => TestKeyType.Ed25519,
            _ => TestKeyType.Rsa2048,
        };
        const int CaUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign | Org.BouncyCastle.Asn1.X509.KeyUsage.CrlSign | Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature;
        const int SigningUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature;
        pki.Root = pki.Issue(new CertificateTemplate
        {
            Subject = $"CN={name} Root CA,O=MediaTrust Test",
            KeyType = keyType, IsCa = true, KeyUsage = CaUsage, NotBefore = notBefore, NotAfter = notAfter,
        }, issuer: null);
        pki.Intermediate = pki.Issue(new CertificateTemplate
        {
            Subject = $"CN={name} Intermediate CA,O=MediaTrust Test",
            KeyType = keyType, IsCa = true, PathLength = 0, KeyUsage = CaUsage, NotBefore = notBefore, NotAfter = notAfter,
        }, pki.Root);
        pki.Signer = pki.Issue(SignerTemplate(keyType, notBefore, notAfter, name), pki.Intermediate);
        pki.TimeStampAuthority = pki.Issue(new CertificateTemplate
        {
            Subject = $"CN={name} Time-Stamping Authority,O=MediaTrust Test",
            KeyType = keyType, KeyUsage = SigningUsage, Ekus = [CertificateProfile.TimeStampingEku], EkuCritical = true,
            NotBefore = notBefore, NotAfter = notAfter,
        }, pki.Intermediate);
        pki.OcspResponder = pki.Issue(new CertificateTemplate
        {
            Subject = $"CN={name} OCSP Responder,O=MediaTrust Test",
            KeyType = keyType, KeyUsage = SigningUsage, Ekus = [CertificateProfile.OcspSigningEku],
            NotBefore = notBefore, NotAfter = notAfter,
        }, pki.Intermediate);
        return pki;
    }

    /// <summary>A claim signer over <see cref="Signer"/> and its chain.</summary>
    public PemClaimSigner CreateClaimSigner() => PemClaimSigner.FromPem(Signer.PrivateKeyPem, SignerChainPem, Algorithm);

    /// <summary>id-kp-documentSigning (RFC 9336): the EKU the CAWG X.509 trust model accepts without conditions.</summary>
    public const string DocumentSigningEku = "1.3.6.1.5.5.7.3.36";

    /// <summary>The CA/Browser Forum S/MIME organization-validated strict policy, one the CAWG interim model accepts.</summary>
    public const string SmimeOrganizationValidatedStrictPolicy = "2.23.140.1.5.2.3";

    /// <summary>
    /// Issues, from the intermediate, a certificate for a CAWG X.509 identity (CAWG identity 1.3, "Trust model for X.509
    /// certificates"): digitalSignature with id-kp-documentSigning, or with <paramref name="smime"/> an S/MIME-like
    /// certificate (id-kp-emailProtection and an organization-validated S/MIME policy, the interim model's profile).
    /// Valid as long as the intermediate.
    /// </summary>
    public IssuedCertificate IssueIdentitySigner(string commonName = "MediaTrust Test Creator", bool smime = false) => Issue(new CertificateTemplate
    {
        Subject = $"CN={commonName},O=MediaTrust Test",
        KeyType = Algorithm switch
        {
            SigningAlgorithm.ES256 => TestKeyType.P256,
            SigningAlgorithm.ES384 => TestKeyType.P384,
            SigningAlgorithm.ES512 => TestKeyType.P521,
            SigningAlgorithm.EdDSA => TestKeyType.Ed25519,
            _ => TestKeyType.Rsa2048,
        },
        KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature,
        Ekus = [smime ? EmailProtectionEku : DocumentSigningEku],
        CertificatePolicies = smime ? [SmimeOrganizationValidatedStrictPolicy] : null,
        NotBefore = Intermediate.Certificate.NotBefore.ToUniversalTime(),
        NotAfter = Intermediate.Certificate.NotAfter.ToUniversalTime(),
    }, Intermediate);

    /// <summary>A signer over <paramref name="identity"/> (from <see cref="IssueIdentitySigner"/>) with the intermediate in its chain.</summary>
    public PemClaimSigner CreateSigner(IssuedCertificate identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return PemClaimSigner.FromPem(identity.PrivateKeyPem, identity.CertificatePem + Intermediate.CertificatePem, Algorithm);
    }

    private const string EmailProtectionEku = "1.3.6.1.5.5.7.3.4";

    internal static CertificateTemplate SignerTemplate(TestKeyType keyType, DateTimeOffset notBefore, DateTimeOffset notAfter, string name = "MediaTrust Test") => new()
    {
        Subject = $"CN={name} Claim Signer,O=MediaTrust Test",
        KeyType = keyType,
        KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature,
        // c2pa-claimSigning is what the C2PA trust list asks for (§14.5.1); emailProtection as well,
        // because deployed validators (c2pa-rs 0.13 WebAssembly among them) predate that EKU and
        // reject a signer that has only it (docs/conformance.md).
        Ekus = [CertificateProfile.ClaimSigningEku, EmailProtectionEku],
        NotBefore = notBefore,
        NotAfter = notAfter,
    };

    /// <summary>Issues a certificate from <paramref name="template"/>, signed by <paramref name="issuer"/> (self-signed when null).</summary>
    internal IssuedCertificate Issue(CertificateTemplate template, IssuedCertificate? issuer)
    {
        var keyPair = template.ReuseKeyOf is { } donor
            ? new AsymmetricCipherKeyPair(PublicKeyFactory.CreateKey(donor.Certificate.PublicKey.ExportSubjectPublicKeyInfo()), donor.PrivateKey)
            : GenerateKeyPair(template.KeyType);
        var subject = new X509Name(template.Subject);
        var issuerBc = issuer is null ? null : new Org.BouncyCastle.X509.X509Certificate(issuer.Certificate.RawData);
        // The issuer name is the issuer's subject exactly as encoded: name chaining compares RDNs in
        // order (RFC 5280 §7.1), and a reordered name breaks the chain for strict validators.
        var issuerName = issuerBc?.SubjectDN ?? subject;
        var issuerKey = issuer?.PrivateKey ?? keyPair.Private;
        var algorithmName = template.SignatureAlgorithm ?? SignatureAlgorithmFor(issuerKey);
        var factory = new Asn1SignatureFactory(algorithmName, issuerKey, Random);
        var serial = BigInteger.ValueOf(Interlocked.Increment(ref _serial)).Add(BigInteger.ValueOf(DateTimeOffset.UtcNow.Ticks).ShiftLeft(16));

        Org.BouncyCastle.X509.X509Certificate generated;
        if (template.Version1)
        {
            var v1 = new X509V1CertificateGenerator();
            v1.SetSerialNumber(serial);
            v1.SetIssuerDN(issuerName);
            v1.SetSubjectDN(subject);
            v1.SetNotBefore(template.NotBefore.UtcDateTime);
            v1.SetNotAfter(template.NotAfter.UtcDateTime);
            v1.SetPublicKey(keyPair.Public);
            generated = v1.Generate(factory);
        }
        else
        {
            var generator = new X509V3CertificateGenerator();
            generator.SetSerialNumber(serial);
            generator.SetIssuerDN(issuerName);
            generator.SetSubjectDN(subject);
            generator.SetNotBefore(template.NotBefore.UtcDateTime);
            generator.SetNotAfter(template.NotAfter.UtcDateTime);
            generator.SetPublicKey(keyPair.Public);
            if (template.WithUniqueIds)
            {
                generator.SetSubjectUniqueID([true, false, true, true]);
            }

            if (template.IncludeBasicConstraints)
            {
                generator.AddExtension(X509Extensions.BasicConstraints, true,
                    template.IsCa ? (template.PathLength is { } length ? new BasicConstraints(length) : new BasicConstraints(true)) : new BasicConstraints(false));
            }

            if (template.KeyUsage is { } usage)
            {
                generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(usage));
            }

            if (template.Ekus is { } ekus)
            {
                generator.AddExtension(X509Extensions.ExtendedKeyUsage, template.EkuCritical,
                    new ExtendedKeyUsage(ekus.Select(o => KeyPurposeID.GetInstance(new DerObjectIdentifier(o))).ToArray()));
            }

            if (template.IncludeSubjectKeyId)
            {
                generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(keyPair.Public));
            }

            if (template.IncludeAuthorityKeyId && issuerBc is not null)
            {
                generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuerBc));
            }

            if (template.CertificatePolicies is { Count: > 0 } policies)
            {
                generator.AddExtension(X509Extensions.CertificatePolicies, false,
                    new CertificatePolicies(policies.Select(o => new PolicyInformation(new DerObjectIdentifier(o))).ToArray()));
            }

            if (template.OcspResponderUrls is { Count: > 0 } urls)
            {
                generator.AddExtension(X509Extensions.AuthorityInfoAccess, false, new AuthorityInformationAccess(
                    urls.Select(u => new AccessDescription(AccessDescription.IdADOcsp, new GeneralName(GeneralName.UniformResourceIdentifier, u))).ToArray()));
            }

            generated = generator.Generate(factory);
        }

        return new IssuedCertificate(X509CertificateLoader.LoadCertificate(generated.GetEncoded()), keyPair.Private);
    }

    internal static string SignatureAlgorithmFor(AsymmetricKeyParameter issuerKey) => issuerKey switch
    {
        ECPrivateKeyParameters ec => ec.Parameters.Curve.FieldSize switch
        {
            <= 256 => "SHA256withECDSA",
            <= 384 => "SHA384withECDSA",
            _ => "SHA512withECDSA",
        },
        RsaKeyParameters => "SHA256withRSAandMGF1",
        _ => "Ed25519",
    };

    private static AsymmetricCipherKeyPair GenerateKeyPair(TestKeyType type)
    {
        switch (type)
        {
            case TestKeyType.Ed25519:
            {
                var ed = new Ed25519KeyPairGenerator();
                ed.Init(new Ed25519KeyGenerationParameters(Random));
                return ed.GenerateKeyPair();
            }

            case TestKeyType.Rsa2048 or TestKeyType.Rsa1024:
            {
                var rsa = new RsaKeyPairGenerator();
                rsa.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), Random, type == TestKeyType.Rsa2048 ? 2048 : 1024, 80));
                return rsa.GenerateKeyPair();
            }

            default:
            {
                var curve = type switch
                {
                    TestKeyType.P256 => "P-256",
                    TestKeyType.P384 => "P-384",
                    TestKeyType.P521 => "P-521",
                    _ => "secp256k1",
                };
                var oid = ECNamedCurveTable.GetOid(curve);
                var ec = new ECKeyPairGenerator();
                ec.Init(new ECKeyGenerationParameters(oid, Random));
                return ec.GenerateKeyPair();
            }
        }
    }
}
