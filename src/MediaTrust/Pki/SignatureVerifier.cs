using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MediaTrust.Cose;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace MediaTrust.Pki;

/// <summary>Outcome of checking one raw signature.</summary>
internal enum SignatureCheck
{
    /// <summary>The signature verifies.</summary>
    Valid,

    /// <summary>The signature does not verify (wrong bytes, wrong key, wrong length).</summary>
    Mismatch,

    /// <summary>The certificate's key cannot be used with the algorithm (an RSA key for ES256, RSA under 2048 bits…).</summary>
    KeyNotUsable,
}

/// <summary>
/// Verifies COSE signatures (§13.2.1): ECDSA signatures are raw r‖s (IEEE P1363, RFC 9053 §2.1),
/// any NIST curve with any ES algorithm; PSS with salt = hash length and MGF1 with the same hash;
/// Ed25519 through BouncyCastle (managed, so the same on every platform).
/// </summary>
internal static class SignatureVerifier
{
    public const string Ed25519Oid = "1.3.101.112";
    public const string EcPublicKeyOid = "1.2.840.10045.2.1";
    public const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    public const string RsaPssOid = "1.2.840.113549.1.1.10";

    public static SignatureCheck Verify(SigningAlgorithm algorithm, X509Certificate2 signer,
        ReadOnlySpan<byte> toBeSigned, ReadOnlySpan<byte> signature)
    {
        var keyOid = signer.PublicKey.Oid.Value;
        try
        {
            if (algorithm.IsEcdsa())
            {
                if (keyOid != EcPublicKeyOid)
                {
                    return SignatureCheck.KeyNotUsable;
                }

                var ecdsa = CertificateKeys.Ecdsa(signer);
                if (ecdsa is null || ecdsa.KeySize is not (256 or 384 or 521))
                {
                    return SignatureCheck.KeyNotUsable;
                }

                return ecdsa.VerifyData(toBeSigned, signature, algorithm.Hash(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
                    ? SignatureCheck.Valid
                    : SignatureCheck.Mismatch;
            }

            if (algorithm.IsRsaPss())
            {
                if (keyOid is not (RsaEncryptionOid or RsaPssOid))
                {
                    return SignatureCheck.KeyNotUsable;
                }

                var rsa = CertificateKeys.Rsa(signer);
                if (rsa is null || rsa.KeySize < 2048)
                {
                    return SignatureCheck.KeyNotUsable;
                }

                return rsa.VerifyData(toBeSigned, signature, algorithm.Hash(), RSASignaturePadding.Pss)
                    ? SignatureCheck.Valid
                    : SignatureCheck.Mismatch;
            }

            if (algorithm == SigningAlgorithm.EdDSA)
            {
                if (keyOid != Ed25519Oid)
                {
                    return SignatureCheck.KeyNotUsable;
                }

                var raw = signer.PublicKey.EncodedKeyValue.RawData;
                if (raw.Length != Ed25519PublicKeyParameters.KeySize || signature.Length != Ed25519.SignatureSize)
                {
                    return raw.Length != Ed25519PublicKeyParameters.KeySize ? SignatureCheck.KeyNotUsable : SignatureCheck.Mismatch;
                }

                var verifier = new Ed25519Signer();
                verifier.Init(false, new Ed25519PublicKeyParameters(raw));
                verifier.BlockUpdate(toBeSigned);
                return verifier.VerifySignature(signature.ToArray()) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // A key that cannot be loaded (an unnamed curve, a broken SPKI, an Ed25519 key off the curve) checks nothing.
            return SignatureCheck.KeyNotUsable;
        }

        return SignatureCheck.KeyNotUsable;
    }

    private static class Ed25519
    {
        public const int SignatureSize = 64;
    }
}
