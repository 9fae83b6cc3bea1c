using System.Security.Cryptography;

namespace MediaTrust.Cose;

/// <summary>
/// The claim-signature algorithms C2PA 2.2 allows (§13.2.1), with their COSE identifiers
/// (IANA COSE Algorithms registry). RSASSA-PKCS1-v1_5 (RS*) is not allowed for claims.
/// </summary>
public enum SigningAlgorithm
{
    /// <summary>ECDSA with SHA-256 (COSE -7).</summary>
    ES256 = -7,

    /// <summary>ECDSA with SHA-384 (COSE -35).</summary>
    ES384 = -35,

    /// <summary>ECDSA with SHA-512 (COSE -36).</summary>
    ES512 = -36,

    /// <summary>RSASSA-PSS with SHA-256, MGF1-SHA-256, salt 32 (COSE -37).</summary>
    PS256 = -37,

    /// <summary>RSASSA-PSS with SHA-384 (COSE -38).</summary>
    PS384 = -38,

    /// <summary>RSASSA-PSS with SHA-512 (COSE -39).</summary>
    PS512 = -39,

    /// <summary>EdDSA; C2PA allows only Ed25519 (COSE -8).</summary>
    EdDSA = -8,
}

/// <summary>Facts about <see cref="SigningAlgorithm"/> values.</summary>
internal static class SigningAlgorithms
{
    /// <summary>The algorithm for a COSE <c>alg</c> value, or false when C2PA does not allow it (→ <c>algorithm.unsupported</c>).</summary>
    public static bool TryFromCose(long? coseAlgorithm, out SigningAlgorithm algorithm)
    {
        if (coseAlgorithm is >= int.MinValue and <= int.MaxValue && Enum.IsDefined((SigningAlgorithm)(int)coseAlgorithm.Value))
        {
            algorithm = (SigningAlgorithm)(int)coseAlgorithm.Value;
            return true;
        }

        algorithm = default;
        return false;
    }

    /// <summary>The name c2pa-rs's <c>SigningAlg</c> prints for the algorithm (Reader JSON <c>signature_info.alg</c>).</summary>
    public static string ToC2paRsName(this SigningAlgorithm algorithm) => algorithm switch
    {
        SigningAlgorithm.ES256 => "Es256",
        SigningAlgorithm.ES384 => "Es384",
        SigningAlgorithm.ES512 => "Es512",
        SigningAlgorithm.PS256 => "Ps256",
        SigningAlgorithm.PS384 => "Ps384",
        SigningAlgorithm.PS512 => "Ps512",
        SigningAlgorithm.EdDSA => "Ed25519",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not a C2PA signing algorithm"),
    };

    /// <summary>The hash the algorithm uses (for EdDSA, SHA-512 inside Ed25519; used to pick a time-stamp imprint hash).</summary>
    public static HashAlgorithmName Hash(this SigningAlgorithm algorithm) => algorithm switch
    {
        SigningAlgorithm.ES256 or SigningAlgorithm.PS256 => HashAlgorithmName.SHA256,
        SigningAlgorithm.ES384 or SigningAlgorithm.PS384 => HashAlgorithmName.SHA384,
        SigningAlgorithm.ES512 or SigningAlgorithm.PS512 or SigningAlgorithm.EdDSA => HashAlgorithmName.SHA512,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not a C2PA signing algorithm"),
    };

    /// <summary>True for ES256/384/512.</summary>
    public static bool IsEcdsa(this SigningAlgorithm algorithm) =>
        algorithm is SigningAlgorithm.ES256 or SigningAlgorithm.ES384 or SigningAlgorithm.ES512;

    /// <summary>True for PS256/384/512.</summary>
    public static bool IsRsaPss(this SigningAlgorithm algorithm) =>
        algorithm is SigningAlgorithm.PS256 or SigningAlgorithm.PS384 or SigningAlgorithm.PS512;
}
