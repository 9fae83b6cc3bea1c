using System.Security.Cryptography.X509Certificates;
using MediaTrust.Pki;

namespace MediaTrust.Validation;

/// <summary>
/// What the claim-signature check needs, as primitives (so any COSE decoder can feed it): the
/// protected header bytes exactly as signed, the COSE alg, x5chain (DER, leaf first), the claim
/// (the detached payload), the signature, time-stamp tokens, stapled OCSP responses and iat.
/// </summary>
internal sealed record ClaimSignatureInput
{
    public required ReadOnlyMemory<byte> ProtectedHeader { get; init; }

    public required long? Algorithm { get; init; }

    public required IReadOnlyList<ReadOnlyMemory<byte>> CertificateChain { get; init; }

    public required ReadOnlyMemory<byte> ClaimBytes { get; init; }

    public required ReadOnlyMemory<byte> Signature { get; init; }

    /// <summary>The COSE signature field as serialized (bstr head included); derived from <see cref="Signature"/> when empty.</summary>
    public ReadOnlyMemory<byte> SignatureFieldEncoded { get; init; }

    public IReadOnlyList<ReadOnlyMemory<byte>> TimeStampTokens { get; init; } = [];

    /// <summary>True for sigTst2 tokens (TimeStampToken, v2 payload); false for sigTst (TimeStampResp, v1 payload).</summary>
    public bool TimeStampsAreV2 { get; init; } = true;

    public IReadOnlyList<ReadOnlyMemory<byte>> OcspResponses { get; init; } = [];

    /// <summary>
    /// Tokens that <c>c2pa.time-stamp</c> assertions hold for this manifest (§15.8.1.2), tried in order
    /// when the header has no time-stamp that passes.
    /// </summary>
    public IReadOnlyList<AssertionTimeStamp> AssertionTimeStamps { get; init; } = [];

    /// <summary>OCSP responses that <c>c2pa.certificate-status</c> assertions of the store hold (§15.9, §18.18).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> AssertionOcspResponses { get; init; } = [];

    /// <summary>The iat protected header (NumericDate seconds), when present (§13.2.4).</summary>
    public long? IssuedAt { get; init; }

    /// <summary>The JUMBF URI of the signature box, for the findings.</summary>
    public string? Url { get; init; }

    /// <summary>The input for a decoded COSE_Sign1 and the claim bytes it signs (its detached payload).</summary>
    public static ClaimSignatureInput From(Cose.CoseSign1 cose, ReadOnlyMemory<byte> claim, string? url = null) => new()
    {
        ProtectedHeader = cose.ProtectedBytes,
        Algorithm = cose.Algorithm,
        CertificateChain = cose.CertificateChain,
        ClaimBytes = claim,
        Signature = cose.Signature,
        SignatureFieldEncoded = cose.SignatureFieldEncoded,
        TimeStampTokens = cose.TimeStampTokens,
        TimeStampsAreV2 = cose.TimeStampsAreV2,
        OcspResponses = cose.OcspResponses,
        IssuedAt = cose.IssuedAt,
        Url = url,
    };
}

/// <summary>A TimeStampToken from a <c>c2pa.time-stamp</c> assertion (§18.17), and that assertion's JUMBF URI.</summary>
internal sealed record AssertionTimeStamp(ReadOnlyMemory<byte> Token, string Url);

/// <summary>Trust in the signer's certificate (§14.4, §15.7).</summary>
internal enum SignerTrust
{
    /// <summary>Chains to an anchor configured for one of its EKUs.</summary>
    Trusted,

    /// <summary>On the end-entity allow-list (private credential store).</summary>
    AllowListed,

    /// <summary>No chain to an applicable anchor.</summary>
    Untrusted,

    /// <summary>The certificate could not be read.</summary>
    NotEvaluated,
}

/// <summary>The claim-signature check with each axis kept apart, and every finding in order.</summary>
internal sealed record ClaimSignatureResult(
    SignatureCheck? Signature,
    CertificateProfileReport? Profile,
    IReadOnlyList<CertificateProfileReport> IntermediateProfiles,
    SignerTrust Trust,
    IReadOnlyList<X509Certificate2> TrustPath,
    TimeStampResult TimeStamp,
    DateTimeOffset ValidityTime,
    bool? InsideValidity,
    RevocationResult Revocation,
    IReadOnlyList<ValidationFinding> Findings)
{
    public bool Has(string code) => Findings.Any(f => f.Code == code);

    /// <summary>The anchor configuration the signer chained to, with the list that vouches for it; null unless Trusted.</summary>
    public TrustAnchor? Anchor { get; init; }

    /// <summary>The list that allowed the signer's certificate directly, when allow-listed through a named list.</summary>
    public TrustListInfo? AllowList { get; init; }
}

