using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using MediaTrust.Spec;

namespace MediaTrust.Pki;

/// <summary>How a time-stamp fared.</summary>
internal enum TimeStampState
{
    /// <summary>No time-stamp was present.</summary>
    None,

    /// <summary>Validated and trusted (§15.8.2): its genTime is the attested time of signing.</summary>
    Trusted,

    /// <summary>Present but ignored: malformed, mismatched, untrusted or outside validity (all informational).</summary>
    Ignored,
}

/// <summary>The outcome of validating the time-stamp of a claim signature.</summary>
internal sealed record TimeStampResult(TimeStampState State, DateTimeOffset? GenTime, X509Certificate2? TsaCertificate, IReadOnlyList<PkiFinding> Findings)
{
    public static readonly TimeStampResult None = new(TimeStampState.None, null, null, []);
}

/// <summary>
/// Validates RFC 3161 time-stamps of claim signatures (§10.3.2.5, §15.8). A v2 token (<c>sigTst2</c>)
/// is a TimeStampToken whose imprint is over the CounterSignature ToBeSigned of the COSE
/// <c>signature</c> field; a v1 token (<c>sigTst</c>) is a whole TimeStampResp whose imprint is over
/// the CounterSignature ToBeSigned of the claim. TSA chains are built only to the TSA anchors
/// (§14.4.2), never to the signer anchors. Every problem is informational and makes the time-stamp
/// ignored: the signer's certificate is then checked at the validation time instead.
/// </summary>
internal static class TimeStampValidator
{
    private static readonly Dictionary<string, HashAlgorithmName> AllowedImprintHashes = new(StringComparer.Ordinal)
    {
        ["2.16.840.1.101.3.4.2.1"] = HashAlgorithmName.SHA256,
        ["2.16.840.1.101.3.4.2.2"] = HashAlgorithmName.SHA384,
        ["2.16.840.1.101.3.4.2.3"] = HashAlgorithmName.SHA512,
    };

    // §13.2.1 / §14.5.1.1 signature algorithms as they appear in a SignerInfo (rsaEncryption is the usual
    // SignerInfo spelling of PKCS#1 v1.5 with the digest algorithm beside it).
    private static readonly HashSet<string> AllowedSignerAlgorithms = new(StringComparer.Ordinal)
    {
        "1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4", "1.2.840.10045.2.1",
        "1.2.840.113549.1.1.1", "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13",
        "1.2.840.113549.1.1.10", "1.3.101.112",
    };

    /// <summary>
    /// Validates the tokens of a sigTst/sigTst2 header. <paramref name="toBeSigned"/> is what the token must
    /// stamp: the CounterSignature ToBeSigned (§10.3.2.5.3) over the serialized COSE signature field for v2,
    /// over the claim for v1 (§10.3.2.5.2).
    /// </summary>
    public static TimeStampResult Validate(IReadOnlyList<ReadOnlyMemory<byte>> tokens, bool tokensAreV2,
        ReadOnlySpan<byte> toBeSigned, TrustStore trust, bool verifyTrust = true)
    {
        if (tokens.Count == 0)
        {
            return TimeStampResult.None;
        }

        if (tokens.Count > 1)
        {
            // §15.8.1.1: more than one token → malformed, and all are ignored.
            return Ignored(ValidationStatusCodes.TimeStampMalformed,
                $"the time-stamp header holds {tokens.Count} tokens; a manifest may hold only one (§10.3.2.5.1), so all are ignored");
        }

        return ValidateToken(tokens[0], tokensAreV2, toBeSigned, trust, verifyTrust);
    }

    /// <summary>Validates one token (v2: TimeStampToken; v1: TimeStampResp) against the ToBeSigned it must stamp.</summary>
    /// <remarks>
    /// With <c>verifyTrust</c> false a well-formed, matching time-stamp is used whatever its authority
    /// (c2pa-rs's <c>verify_timestamp_trust = false</c>); spec 2.2 §15.8.2 asks for the TSA trust list, the default.
    /// <c>origin</c> names where the token came from in the findings; the header (v1 or v2) by default.
    /// </remarks>
    public static TimeStampResult ValidateToken(ReadOnlyMemory<byte> token, bool isV2, ReadOnlySpan<byte> toBeSigned, TrustStore trust,
        bool verifyTrust = true, string? origin = null)
    {
        try
        {
            return ValidateTokenCore(token, isV2, toBeSigned, trust, verifyTrust, origin ?? (isV2 ? "v2 (sigTst2)" : "v1 (sigTst)"));
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            // The signed attributes are decoded while the signature is checked: a corrupt one surfaces here.
            return Ignored(ValidationStatusCodes.TimeStampMalformed, $"the time-stamp token is malformed: {e.Message}");
        }
    }

    private static TimeStampResult ValidateTokenCore(ReadOnlyMemory<byte> token, bool isV2, ReadOnlySpan<byte> toBeSigned, TrustStore trust, bool verifyTrust,
        string version)
    {
        ReadOnlyMemory<byte> tokenBytes = token;
        if (!isV2)
        {
            // §15.8.1.1: v1 val is a TimeStampResp; its PKIStatus must be granted (0) or grantedWithMods (1).
            var unwrapped = UnwrapTimeStampResponse(token, out var why);
            if (unwrapped is null)
            {
                return Ignored(ValidationStatusCodes.TimeStampMalformed, $"the {version} time-stamp response is malformed: {why}");
            }

            tokenBytes = unwrapped.Value;
        }

        TimeStampToken parsed;
        try
        {
            parsed = TimeStampToken.Decode(tokenBytes);
        }
        catch (AsnContentException e)
        {
            // Some generators (c2pa-ts) put a whole TimeStampResp in sigTst2, as v1 does; c2pa-rs accepts it.
            if (!isV2 || UnwrapTimeStampResponse(token, out _) is not { } inner || TryDecode(inner) is not { } unwrapped)
            {
                return Ignored(ValidationStatusCodes.TimeStampMalformed, $"the {version} time-stamp token is not CMS SignedData: {e.Message}");
            }

            parsed = unwrapped;
        }

        if (parsed.ContentType != TimeStampToken.TstInfoOid || parsed.SignerCount != 1)
        {
            return Ignored(ValidationStatusCodes.TimeStampMalformed,
                $"the {version} time-stamp token is not an RFC 3161 token (content type {parsed.ContentType}, {parsed.SignerCount} signers)");
        }

        if (!Rfc3161TimestampTokenInfo.TryDecode(parsed.Content, out var info, out var consumed) || consumed != parsed.Content.Length)
        {
            return Ignored(ValidationStatusCodes.TimeStampMalformed, $"the {version} time-stamp's TSTInfo does not parse");
        }

        // §15.8.2 step 1: the token's signature algorithm must be allowed.
        var signatureAlgorithm = parsed.SignatureAlgorithm;
        var digestAlgorithm = parsed.DigestAlgorithm;
        if (!AllowedSignerAlgorithms.Contains(signatureAlgorithm) || !AllowedImprintHashes.TryGetValue(digestAlgorithm, out var signerDigest))
        {
            return Ignored(ValidationStatusCodes.TimeStampUntrusted,
                $"the time-stamp is signed with a disallowed algorithm (signature {signatureAlgorithm}, digest {digestAlgorithm}; §13.2.1)");
        }

        // The token's certificates come from the shared cache: nothing here is disposed.
        var documentCertificates = new List<X509Certificate2>(parsed.Certificates.Count);
        foreach (var der in parsed.Certificates)
        {
            if (CertificateLoader.TryLoad(der.Span, out _) is { } certificate)
            {
                documentCertificates.Add(certificate);
            }
        }

        // §15.8.2 step 6 (first half): the TSA certificate must be in the token.
        var tsaCertificate = parsed.FindSignerCertificate(documentCertificates);
        if (tsaCertificate is null)
        {
            return Ignored(ValidationStatusCodes.TimeStampUntrusted, "the time-stamp token does not carry the TSA's certificate");
        }

        // §15.8.2 step 2: the token's signature (RFC 5652 §5.6).
        if (parsed.VerifySignature(tsaCertificate, signerDigest) is { } signatureProblem)
        {
            return Ignored(ValidationStatusCodes.TimeStampMismatch, $"the time-stamp token's signature does not verify: {signatureProblem}");
        }

        // §15.8.2 steps 3–5: the message imprint, over the right bytes (§10.3.2.5.2).
        if (!AllowedImprintHashes.TryGetValue(info.HashAlgorithmId.Value ?? string.Empty, out var imprintHash))
        {
            return Ignored(ValidationStatusCodes.TimeStampUntrusted,
                $"the time-stamp's message imprint uses hash {info.HashAlgorithmId.Value}, which is not allowed (§13.1)");
        }

        var expected = CryptographicOperations.HashData(imprintHash, toBeSigned);
        if (!info.GetMessageHash().Span.SequenceEqual(expected))
        {
            return Ignored(ValidationStatusCodes.TimeStampMismatch, isV2
                ? "the time-stamp's message imprint does not match this signature (v2: CounterSignature over the COSE signature field, §10.3.2.5.2)"
                : "the time-stamp's message imprint does not match this claim (v1: CounterSignature over the claim, §10.3.2.5.2)");
        }

        // §15.8.2 step 6: profile (exactly id-kp-timeStamping) and a chain to the TSA anchors (§14.4.2).
        var profile = CertificateProfile.Check(tsaCertificate, CertificatePurpose.TimeStamping);
        if (!profile.IsCompliant)
        {
            return Ignored(ValidationStatusCodes.TimeStampUntrusted, $"the TSA certificate is not acceptable: {profile.Describe()}", tsaCertificate);
        }

        var intermediates = documentCertificates.Where(c => !ReferenceEquals(c, tsaCertificate)).ToList();
        var chain = CertificateChainBuilder.Build(tsaCertificate, intermediates, trust.TimeStampAnchorsAt(info.Timestamp));
        if (!chain.Found && !verifyTrust)
        {
            var time = info.Timestamp;
            if (CertificateValidity.FirstProblem([tsaCertificate], time) is { } problem)
            {
                return Ignored(ValidationStatusCodes.TimeStampOutsideValidity, $"the time-stamp's time {time.UtcDateTime:u} is outside the TSA certificate validity: {problem}", tsaCertificate);
            }

            return new TimeStampResult(TimeStampState.Trusted, time, tsaCertificate,
            [
                new(ValidationStatusCodes.TimeStampValidated,
                    $"{version} time-stamp of {time.UtcDateTime:u} is well-formed and matches the signature; its authority's trust was not checked, as configured"),
            ]);
        }

        if (!chain.Found)
        {
            return Ignored(ValidationStatusCodes.TimeStampUntrusted,
                $"the time-stamp authority '{tsaCertificate.Subject}' is not on the TSA trust list: {chain.Problem}", tsaCertificate);
        }

        // §15.8.2 step 7: genTime inside the validity of the TSA certificate and its CAs.
        var genTime = info.Timestamp;
        var outside = CertificateValidity.FirstProblem(chain.Path, genTime);
        if (outside is not null)
        {
            return Ignored(ValidationStatusCodes.TimeStampOutsideValidity, $"the time-stamp's time {genTime.UtcDateTime:u} is outside the TSA certificate validity: {outside}", tsaCertificate);
        }

        return new TimeStampResult(TimeStampState.Trusted, genTime, tsaCertificate,
        [
            new(ValidationStatusCodes.TimeStampValidated, $"{version} time-stamp of {genTime.UtcDateTime:u} is well-formed and matches the signature"),
            new(ValidationStatusCodes.TimeStampTrusted, $"the time-stamp authority '{tsaCertificate.Subject}' chains to a TSA trust anchor"),
        ]);
    }

    private static TimeStampToken? TryDecode(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return TimeStampToken.Decode(bytes);
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    /// <summary>The TimeStampToken inside a TimeStampResp (RFC 3161 §2.4.2), or null with why.</summary>
    private static ReadOnlyMemory<byte>? UnwrapTimeStampResponse(ReadOnlyMemory<byte> response, out string why)
    {
        try
        {
            var reader = new AsnReader(response, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();

            // Some writers put a bare token (a ContentInfo, which starts with an OID) in sigTst: accept it.
            if (sequence.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                why = string.Empty;
                return response;
            }

            var statusInfo = sequence.ReadSequence();
            var status = statusInfo.ReadInteger();
            if (status != 0 && status != 1)
            {
                why = $"PKIStatus is {status}, not granted (0) or grantedWithMods (1)";
                return null;
            }

            if (!sequence.HasData)
            {
                why = "the response has no timeStampToken";
                return null;
            }

            var token = sequence.ReadEncodedValue();
            why = string.Empty;
            return token;
        }
        catch (AsnContentException e)
        {
            why = e.Message;
            return null;
        }
    }

    private static TimeStampResult Ignored(string code, string explanation, X509Certificate2? tsa = null) =>
        new(TimeStampState.Ignored, null, tsa, [new PkiFinding(code, explanation)]);
}
