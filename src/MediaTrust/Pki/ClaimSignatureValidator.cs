using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MediaTrust.Cose;
using MediaTrust.Spec;
using MediaTrust.Validation;

namespace MediaTrust.Pki;

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

/// <summary>How to validate: what is trusted, the clock, and whether to ask OCSP responders online.</summary>
internal sealed record ClaimSignatureOptions
{
    public TrustStore Trust { get; init; } = new();

    /// <summary>"Now" for validation; pin it in tests. Null means the system clock.</summary>
    public DateTimeOffset? ValidationTime { get; init; }

    /// <summary>Online OCSP (§15.9.2); null (the default) means never go online.</summary>
    public IOcspClient? OnlineOcsp { get; init; }

    /// <summary>Whether a time-stamp's authority must chain to a TSA anchor (§15.8.2); see <see cref="Validation.ValidationOptions.VerifyTimeStampTrust"/>.</summary>
    public bool VerifyTimeStampTrust { get; init; } = true;
}

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

/// <summary>The §14.3 states as far as the signature decides them (hard bindings are checked elsewhere).</summary>
internal enum SignatureState
{
    Invalid,
    Valid,
    Trusted,
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
    /// <summary>Invalid on any failure other than <c>signingCredential.untrusted</c>; Trusted when also trusted (§14.3).</summary>
    public SignatureState State
    {
        get
        {
            foreach (var finding in Findings)
            {
                if (finding.Kind == ValidationStatusKind.Failure && finding.Code != ValidationStatusCodes.SigningCredentialUntrusted)
                {
                    return SignatureState.Invalid;
                }
            }

            return Trust is SignerTrust.Trusted or SignerTrust.AllowListed ? SignatureState.Trusted : SignatureState.Valid;
        }
    }

    public bool Has(string code) => Findings.Any(f => f.Code == code);
}

/// <summary>
/// Validates a claim signature (§15.7 signature and credential, §15.8 time-stamp and validity, §15.9
/// revocation), returning findings, never throwing for bad input.
/// </summary>
internal static class ClaimSignatureValidator
{
    public static async ValueTask<ClaimSignatureResult> ValidateAsync(ClaimSignatureInput input, ClaimSignatureOptions options,
        CancellationToken cancellationToken = default)
    {
        var url = input.Url;
        var now = options.ValidationTime ?? DateTimeOffset.UtcNow;
        var findings = new List<ValidationFinding>();
        var noRevocation = new RevocationResult(RevocationState.NotChecked, null, []);

        // §14.5: the credential is the x5chain, leaf first.
        var chain = new List<X509Certificate2>(input.CertificateChain.Count);
        foreach (var der in input.CertificateChain)
        {
            var certificate = CertificateLoader.TryLoad(der.Span, out var problem);
            if (certificate is not null)
            {
                chain.Add(certificate);
            }
            else
            {
                findings.Add(new(ValidationStatusCodes.SigningCredentialInvalid, url, $"certificate #{chain.Count + 1} of x5chain does not parse: {problem}"));
                return new ClaimSignatureResult(null, null, [], SignerTrust.NotEvaluated, [], TimeStampResult.None, now, null, noRevocation, findings);
            }
        }

        if (chain.Count == 0)
        {
            findings.Add(new(ValidationStatusCodes.SigningCredentialInvalid, url, "the signature carries no certificate (x5chain is missing or empty, §14.5)"));
            return new ClaimSignatureResult(null, null, [], SignerTrust.NotEvaluated, [], TimeStampResult.None, now, null, noRevocation, findings);
        }

        var leaf = chain[0];
        var intermediates = chain.Skip(1).ToList();
        var allowListed = options.Trust.IsAllowedEndEntity(leaf);

        // §15.7, §14.5.1: the certificate profile (allow-listed certificates only need the general rules).
        var profile = CertificateProfile.Check(leaf, CertificatePurpose.ClaimSigning);
        var profileFailures = profile.Failures.Where(f => !allowListed || f.Rule.StartsWith("signatureAlgorithm", StringComparison.Ordinal)
            || f.Rule.StartsWith("publicKey", StringComparison.Ordinal)).ToList();
        if (profileFailures.Count > 0)
        {
            findings.Add(new(ValidationStatusCodes.SigningCredentialInvalid, url,
                $"the signer certificate '{leaf.Subject}' fails the C2PA certificate profile (§14.5.1): {string.Join("; ", profileFailures.Select(f => $"{f.Rule}: {f.Detail}"))}"));
        }

        // CA certificates are held to RFC 5280 path validation (cA, keyCertSign when Key Usage is present,
        // path length) by the chain builder, not to the full profile: real chains (e.g. CAs without Key
        // Usage) are accepted by c2pa-rs, and §14.5.1.2 words the profile check for the signing credential.
        // Their profile reports are kept for display.
        var caProfiles = intermediates.Select(ca => CertificateProfile.Check(ca, CertificatePurpose.CertificateAuthority)).ToList();

        // §13.2.1: the algorithm.
        var algorithmKnown = SigningAlgorithms.TryFromCose(input.Algorithm, out var algorithm);
        if (!algorithmKnown)
        {
            findings.Add(new(ValidationStatusCodes.AlgorithmUnsupported, url,
                input.Algorithm is null ? "the signature's protected header has no alg" : $"COSE algorithm {input.Algorithm} is not allowed for claim signatures (§13.2.1)"));
        }

        // §15.7, §14.5.1.2: trust.
        var (trust, path, trustFinding) = EvaluateTrust(leaf, intermediates, options.Trust, allowListed, url);
        findings.Add(trustFinding);

        // §15.7, §13.2: the signature itself, over the Signature1 Sig_structure of the exact protected bytes.
        SignatureCheck? signatureCheck = null;
        if (algorithmKnown)
        {
            var toBeSigned = SigStructure.ForClaimSignature(input.ProtectedHeader.Span, input.ClaimBytes.Span);
            signatureCheck = SignatureVerifier.Verify(algorithm, leaf, toBeSigned, input.Signature.Span);
            findings.Add(signatureCheck switch
            {
                SignatureCheck.Valid => new(ValidationStatusCodes.ClaimSignatureValidated, url, $"the {algorithm} signature by '{leaf.Subject}' verifies"),
                SignatureCheck.KeyNotUsable => new(ValidationStatusCodes.ClaimSignatureMismatch, url, $"the signer certificate's key cannot verify an {algorithm} signature"),
                _ => new(ValidationStatusCodes.ClaimSignatureMismatch, url, $"the {algorithm} signature does not verify with the key of '{leaf.Subject}': the claim or the signature was altered, or the certificate is not the signer's"),
            });
        }

        // §15.8: the time-stamp.
        var signatureField = input.SignatureFieldEncoded.IsEmpty
            ? SigStructure.SignatureField(input.Signature.Span)
            : input.SignatureFieldEncoded;
        var timeStamp = TimeStampValidator.Validate(input.TimeStampTokens, input.TimeStampsAreV2, input.ProtectedHeader.Span,
            input.ClaimBytes.Span, signatureField.Span, options.Trust, url, options.VerifyTimeStampTrust);
        if (timeStamp.State != TimeStampState.Trusted && input.AssertionTimeStamps.Count > 0)
        {
            timeStamp = FromTimeStampAssertions(timeStamp, input, signatureField.Span, options);
        }

        findings.AddRange(timeStamp.Findings);

        // §15.8.2: validity of the signer and every CA up to the anchor, at the trusted time or now.
        var validityTime = timeStamp.State == TimeStampState.Trusted ? timeStamp.GenTime!.Value : now;
        var timeSource = timeStamp.State == TimeStampState.Trusted ? "the trusted time-stamp" : "validation time";
        var validityChain = path.Count > 0 ? path : chain;
        var outside = CertificateValidity.FirstProblem(validityChain, validityTime);
        findings.Add(outside is null
            ? new(ValidationStatusCodes.ClaimSignatureInsideValidity, url, $"the signer's certificates are valid at {validityTime.UtcDateTime:u} ({timeSource})")
            : new(ValidationStatusCodes.ClaimSignatureOutsideValidity, url, $"signed outside the certificate validity at {timeSource}: {outside}"));

        // §15.8.3: the claimed time of signing (c2pa-rs does not check it).
        if (input.IssuedAt is { } iat)
        {
            var claimed = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(iat, -62135596800L, 253402300799L));
            var iatProblem = CertificateValidity.FirstProblem(validityChain, claimed);
            if (iatProblem is null && timeStamp.State == TimeStampState.Trusted && claimed > timeStamp.GenTime)
            {
                iatProblem = $"the claimed time {claimed.UtcDateTime:u} is after the trusted time-stamp {timeStamp.GenTime.Value.UtcDateTime:u}";
            }

            findings.Add(iatProblem is null
                ? new(ValidationStatusCodes.TimeOfSigningInsideValidity, url, $"the claimed time of signing {claimed.UtcDateTime:u} is within the certificate validity")
                : new(ValidationStatusCodes.TimeOfSigningOutsideValidity, url, iatProblem));
        }

        // §15.9: revocation of the signer's certificate.
        var issuer = path.Count > 1 ? path[1] : intermediates.FirstOrDefault();
        var attested = timeStamp.State == TimeStampState.Trusted ? timeStamp.GenTime : null;
        var revocation = await OcspValidator.CheckAsync(input.OcspResponses, input.AssertionOcspResponses, leaf, issuer,
            attested, now, options.OnlineOcsp, url, cancellationToken).ConfigureAwait(false);
        findings.AddRange(revocation.Findings);

        // §15.9: a revoked CA in the chain makes the signer untrusted.
        if (trust == SignerTrust.Trusted && path.Count > 2 // a CA between signer and anchor
            && await OcspValidator.CheckAuthoritiesAsync(path, [.. input.OcspResponses, .. input.AssertionOcspResponses], attested, now,
                options.OnlineOcsp, url, cancellationToken).ConfigureAwait(false) is { } revokedAuthority)
        {
            findings[findings.IndexOf(trustFinding)] = revokedAuthority;
            trust = SignerTrust.Untrusted;
        }

        return new ClaimSignatureResult(signatureCheck, profile, caProfiles, trust, path, timeStamp, validityTime, outside is null, revocation, findings);
    }

    private static (SignerTrust, IReadOnlyList<X509Certificate2>, ValidationFinding) EvaluateTrust(X509Certificate2 leaf,
        List<X509Certificate2> intermediates, TrustStore trust, bool allowListed, string? url)
    {
        if (allowListed)
        {
            return (SignerTrust.AllowListed, [leaf],
                new(ValidationStatusCodes.SigningCredentialTrusted, url, $"'{leaf.Subject}' is on the end-entity allow-list (§14.4.3)"));
        }

        // §14.5.1.2: a CA certificate used to sign a claim is rejected as untrusted.
        var basic = leaf.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (basic?.CertificateAuthority == true)
        {
            return (SignerTrust.Untrusted, [],
                new(ValidationStatusCodes.SigningCredentialUntrusted, url, $"'{leaf.Subject}' is a CA certificate, which shall not sign claims (§14.5.1.2)"));
        }

        // §14.5.1.2: only the anchors associated with EKUs present in the certificate apply.
        var leafEkus = ExtendedKeyUsages(leaf);
        var usable = leafEkus.Where(trust.SignerEkus.Contains).ToList();
        if (usable.Count == 0)
        {
            return (SignerTrust.Untrusted, [],
                new(ValidationStatusCodes.SigningCredentialUntrusted, url,
                    $"'{leaf.Subject}' has no EKU accepted for claim signing (it has {(leafEkus.Count == 0 ? "none" : string.Join(", ", leafEkus))})"));
        }

        var anchors = trust.SignerAnchors.Where(a => a.Ekus is null || usable.Any(a.Ekus.Contains)).Select(a => a.Certificate);
        var chain = CertificateChainBuilder.Build(leaf, intermediates, anchors);
        return chain.Found
            ? (SignerTrust.Trusted, chain.Path, new(ValidationStatusCodes.SigningCredentialTrusted, url,
                $"'{leaf.Subject}' chains to the trust anchor '{chain.Path[^1].Subject}'"))
            : (SignerTrust.Untrusted, [], new(ValidationStatusCodes.SigningCredentialUntrusted, url,
                $"'{leaf.Subject}' does not chain to a trust anchor for its EKUs: {chain.Problem}"));
    }

    private static List<string> ExtendedKeyUsages(X509Certificate2 certificate)
    {
        var result = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension is not X509EnhancedKeyUsageExtension eku)
            {
                continue;
            }

            try
            {
                foreach (var oid in eku.EnhancedKeyUsages)
                {
                    if (oid.Value is not null)
                    {
                        result.Add(oid.Value);
                    }
                }
            }
            catch (CryptographicException)
            {
                // A malformed EKU extension grants nothing; the profile check reports it.
            }
        }

        return result;
    }

    /// <summary>
    /// §15.8.1.2: when the header holds no time-stamp that passes, each token a time-stamp assertion holds
    /// for this manifest is validated as a v2 token over this signature (§18.17.3) until one passes.
    /// What the header and the failed tokens reported is kept, all informational.
    /// </summary>
    private static TimeStampResult FromTimeStampAssertions(TimeStampResult header, ClaimSignatureInput input, ReadOnlySpan<byte> signatureField,
        ClaimSignatureOptions options)
    {
        var toBeSigned = SigStructure.ForTimeStamp(input.ProtectedHeader.Span, signatureField);
        var findings = new List<ValidationFinding>(header.Findings);
        TimeStampResult? last = null;
        foreach (var (token, url) in input.AssertionTimeStamps)
        {
            last = TimeStampValidator.ValidateToken(token, isV2: true, toBeSigned, options.Trust, url, options.VerifyTimeStampTrust,
                origin: "c2pa.time-stamp assertion");
            findings.AddRange(last.Findings);
            if (last.State == TimeStampState.Trusted)
            {
                return last with { Findings = findings };
            }
        }

        return header.State == TimeStampState.None && last is not null
            ? last with { Findings = findings }
            : header with { Findings = findings };
    }
}
