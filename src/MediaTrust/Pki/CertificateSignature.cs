using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace MediaTrust.Pki;

/// <summary>
/// Verifies the signature on a certificate with its issuer's key. ECDSA, RSA PKCS#1 v1.5 and
/// RSASSA-PSS (salt = hash length) go through .NET; Ed25519 through BouncyCastle; anything else
/// falls back to BouncyCastle's generic verifier. (BouncyCastle alone is correct but slow for RSA:
/// it vets every RSA modulus it loads, about 15 ms for 2048 bits.)
/// </summary>
internal static class CertificateSignature
{
    public static bool Verify(X509Certificate2 subject, X509Certificate2 issuer)
    {
        try
        {
            var reader = new AsnReader(subject.RawDataMemory, AsnEncodingRules.DER);
            var certificate = reader.ReadSequence();
            var tbs = certificate.ReadEncodedValue();
            var algorithm = certificate.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            var parameters = algorithm.HasData ? algorithm.ReadEncodedValue() : ReadOnlyMemory<byte>.Empty;
            var signature = certificate.ReadBitString(out var unused);
            return unused == 0 && (VerifyData(tbs.Span, oid, parameters, signature, issuer) ?? BouncyCastleVerify(subject, issuer));
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="data"/> by X.509 signature algorithm
    /// <paramref name="algorithmOid"/> with <paramref name="signer"/>'s key; null when the algorithm is
    /// not one handled here (the caller may fall back to BouncyCastle).
    /// </summary>
    public static bool? VerifyData(ReadOnlySpan<byte> data, string algorithmOid, ReadOnlyMemory<byte> parameters, byte[] signature, X509Certificate2 signer)
    {
        try
        {
            switch (algorithmOid)
            {
                case "1.2.840.10045.4.3.2" or "1.2.840.10045.4.3.3" or "1.2.840.10045.4.3.4":
                {
                    var ec = CertificateKeys.Ecdsa(signer);
                    return ec is not null && ec.VerifyData(data, signature, EcdsaHash(algorithmOid), DSASignatureFormat.Rfc3279DerSequence);
                }

                case "1.2.840.113549.1.1.11" or "1.2.840.113549.1.1.12" or "1.2.840.113549.1.1.13":
                {
                    var rsa = CertificateKeys.Rsa(signer);
                    return rsa is not null && rsa.VerifyData(data, signature, RsaHash(algorithmOid), RSASignaturePadding.Pkcs1);
                }

                case SignatureVerifier.RsaPssOid when PssHash(parameters) is { } pssHash:
                {
                    var rsa = CertificateKeys.Rsa(signer);
                    return rsa is not null && rsa.VerifyData(data, signature, pssHash, RSASignaturePadding.Pss);
                }

                case SignatureVerifier.Ed25519Oid:
                {
                    var key = signer.PublicKey.Oid.Value == SignatureVerifier.Ed25519Oid ? signer.PublicKey.EncodedKeyValue.RawData : null;
                    if (key is null || key.Length != Ed25519PublicKeyParameters.KeySize)
                    {
                        return false;
                    }

                    var verifier = new Ed25519Signer();
                    verifier.Init(false, new Ed25519PublicKeyParameters(key));
                    verifier.BlockUpdate(data);
                    return verifier.VerifySignature(signature);
                }

                default:
                    return null;
            }
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException)
        {
            return false; // an unusable key or malformed parameters verify nothing
        }
    }

    private static HashAlgorithmName EcdsaHash(string oid) => oid switch
    {
        "1.2.840.10045.4.3.2" => HashAlgorithmName.SHA256,
        "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    private static HashAlgorithmName RsaHash(string oid) => oid switch
    {
        "1.2.840.113549.1.1.11" => HashAlgorithmName.SHA256,
        "1.2.840.113549.1.1.12" => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    /// <summary>The hash of RSASSA-PSS parameters that .NET can verify (MGF1 with the same hash, salt = hash length), else null.</summary>
    private static HashAlgorithmName? PssHash(ReadOnlyMemory<byte> parameters)
    {
        if (parameters.IsEmpty)
        {
            return null; // all defaults: SHA-1
        }

        var sequence = new AsnReader(parameters, AsnEncodingRules.DER).ReadSequence();
        string? hash = null, mgfHash = null;
        var salt = 20;
        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            hash = sequence.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence().ReadObjectIdentifier();
        }

        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
        {
            var mgf = sequence.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1)).ReadSequence();
            if (mgf.ReadObjectIdentifier() != "1.2.840.113549.1.1.8")
            {
                return null;
            }

            mgfHash = mgf.ReadSequence().ReadObjectIdentifier();
        }

        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 2)))
        {
            var saltReader = sequence.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2));
            if (!saltReader.TryReadInt32(out salt))
            {
                return null;
            }
        }

        (HashAlgorithmName Name, int Length)? chosen = hash switch
        {
            "2.16.840.1.101.3.4.2.1" => (HashAlgorithmName.SHA256, 32),
            "2.16.840.1.101.3.4.2.2" => (HashAlgorithmName.SHA384, 48),
            "2.16.840.1.101.3.4.2.3" => (HashAlgorithmName.SHA512, 64),
            _ => null,
        };
        return chosen is { } c && mgfHash == hash && salt == c.Length ? c.Name : null;
    }

    private static bool BouncyCastleVerify(X509Certificate2 subject, X509Certificate2 issuer)
    {
        try
        {
            CertificateKeys.Bouncy(subject).Verify(CertificateKeys.Bouncy(issuer).GetPublicKey());
            return true;
        }
        // FormatException: BouncyCastle decodes the issuer's EC point lazily and reports a malformed one this way
        // (docs/robustness.md, fuzzing findings).
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidCastException or InvalidOperationException
            or Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.SignatureException
            or Org.BouncyCastle.Security.Certificates.CertificateException or Org.BouncyCastle.Security.SecurityUtilityException)
        {
            return false;
        }
    }
}
