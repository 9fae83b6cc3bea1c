using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Spec;

namespace MediaTrust.Validation;

internal sealed partial class ManifestValidator
{
    /// <summary>
    /// §15.7 signature and credential, §15.8 time-stamp and validity, §15.9 revocation of one claim
    /// signature, with the primitives of Pki; returns findings, never throws for bad input.
    /// </summary>
    internal static async ValueTask<ClaimSignatureResult> CheckClaimSignatureAsync(ClaimSignatureInput input, ValidationOptions options,
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

        // §15.8: the time-stamp, first: its time decides which anchors apply (§14.4.1).
        var signatureField = input.SignatureFieldEncoded.IsEmpty
            ? SigStructure.SignatureField(input.Signature.Span)
            : input.SignatureFieldEncoded;
        var stamped = input.TimeStampTokens.Count == 0
            ? []
            : SigStructure.ForTimeStamp(input.ProtectedHeader.Span, input.TimeStampsAreV2 ? signatureField.Span : input.ClaimBytes.Span);
        var timeStampFindings = new List<ValidationFinding>();
        var timeStamp = TimeStampValidator.Validate(input.TimeStampTokens, input.TimeStampsAreV2, stamped, options.Trust, options.VerifyTimeStampTrust);
        AddFindings(timeStampFindings, timeStamp.Findings, url);
        if (timeStamp.State != TimeStampState.Trusted && input.AssertionTimeStamps.Count > 0)
        {
            timeStamp = FromTimeStampAssertions(timeStamp, input, signatureField.Span, options, timeStampFindings);
        }

        // §15.7, §14.5.1.2: trust, at the trusted time or now.
        var trustTime = timeStamp.State == TimeStampState.Trusted ? timeStamp.GenTime!.Value : now;
        var (trust, path, trustFinding, anchor) = EvaluateTrust(leaf, intermediates, options.Trust, allowListed, url, trustTime);
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

        // §15.8: the time-stamp's findings follow the signature's.
        findings.AddRange(timeStampFindings);

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
            attested, now, options.OnlineOcsp, cancellationToken).ConfigureAwait(false);
        AddFindings(findings, revocation.Findings, url);

        // §15.9: a revoked CA in the chain makes the signer untrusted.
        if (trust == SignerTrust.Trusted && path.Count > 2 // a CA between signer and anchor
            && await OcspValidator.CheckAuthoritiesAsync(path, [.. input.OcspResponses, .. input.AssertionOcspResponses], attested, now,
                options.OnlineOcsp, cancellationToken).ConfigureAwait(false) is { } revokedAuthority)
        {
            findings[findings.IndexOf(trustFinding)] = new(revokedAuthority.Code, url, revokedAuthority.Explanation);
            trust = SignerTrust.Untrusted;
        }

        return new ClaimSignatureResult(signatureCheck, profile, caProfiles, trust, path, timeStamp, validityTime, outside is null, revocation, findings)
        {
            Anchor = trust == SignerTrust.Trusted ? anchor : null,
            AllowList = trust == SignerTrust.AllowListed ? options.Trust.AllowListOf(leaf) : null,
        };
    }

    private static (SignerTrust, IReadOnlyList<X509Certificate2>, ValidationFinding, TrustAnchor?) EvaluateTrust(X509Certificate2 leaf,
        List<X509Certificate2> intermediates, TrustStore trust, bool allowListed, string? url, DateTimeOffset time)
    {
        if (allowListed)
        {
            return (SignerTrust.AllowListed, [leaf],
                new(ValidationStatusCodes.SigningCredentialTrusted, url, $"'{leaf.Subject}' is on the end-entity allow-list (§14.4.3)"), null);
        }

        // §14.5.1.2: a CA certificate used to sign a claim is rejected as untrusted.
        var basic = leaf.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (basic?.CertificateAuthority == true)
        {
            return (SignerTrust.Untrusted, [],
                new(ValidationStatusCodes.SigningCredentialUntrusted, url, $"'{leaf.Subject}' is a CA certificate, which shall not sign claims (§14.5.1.2)"), null);
        }

        // §14.5.1.2: only the anchors associated with EKUs present in the certificate apply.
        var leafEkus = ExtendedKeyUsages(leaf);
        var usable = leafEkus.Where(trust.SignerEkus.Contains).ToList();
        if (usable.Count == 0)
        {
            return (SignerTrust.Untrusted, [],
                new(ValidationStatusCodes.SigningCredentialUntrusted, url,
                    $"'{leaf.Subject}' has no EKU accepted for claim signing (it has {(leafEkus.Count == 0 ? "none" : string.Join(", ", leafEkus))})"), null);
        }

        // §14.4.1: an anchor configuration applies only between its notBefore and notAfter, at the trusted time.
        var anchors = trust.SignerAnchors.Where(a => (a.Ekus is null || usable.Any(a.Ekus.Contains)) && a.AppliesAt(time)).ToList();
        var chain = CertificateChainBuilder.Build(leaf, intermediates, anchors.Select(a => a.Certificate).Distinct());
        var anchor = chain.Found ? anchors.FirstOrDefault(a => a.Certificate.RawDataMemory.Span.SequenceEqual(chain.Path[^1].RawDataMemory.Span)) : null;
        var vouching = anchor?.List switch
        {
            { Kind: TrustListKind.Official } list => $", on the {list.Describe()}",
            { } list => $", on the list '{list.Name}'",
            null => string.Empty,
        };
        return chain.Found
            ? (SignerTrust.Trusted, chain.Path, new(ValidationStatusCodes.SigningCredentialTrusted, url,
                $"'{leaf.Subject}' chains to the trust anchor '{chain.Path[^1].Subject}'{vouching}"), anchor)
            : (SignerTrust.Untrusted, [], new(ValidationStatusCodes.SigningCredentialUntrusted, url,
                $"'{leaf.Subject}' does not chain to a trust anchor for its EKUs: {chain.Problem}"), null);
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
    /// What the header and the failed tokens reported is kept in <paramref name="findings"/>, all informational.
    /// </summary>
    private static TimeStampResult FromTimeStampAssertions(TimeStampResult header, ClaimSignatureInput input, ReadOnlySpan<byte> signatureField,
        ValidationOptions options, List<ValidationFinding> findings)
    {
        var toBeSigned = SigStructure.ForTimeStamp(input.ProtectedHeader.Span, signatureField);
        TimeStampResult? last = null;
        foreach (var (token, url) in input.AssertionTimeStamps)
        {
            last = TimeStampValidator.ValidateToken(token, isV2: true, toBeSigned, options.Trust, options.VerifyTimeStampTrust,
                origin: "c2pa.time-stamp assertion");
            AddFindings(findings, last.Findings, url);
            if (last.State == TimeStampState.Trusted)
            {
                return last;
            }
        }

        return header.State == TimeStampState.None && last is not null ? last : header;
    }

    /// <summary>What a Pki check found, as findings about <paramref name="url"/>.</summary>
    private static void AddFindings(List<ValidationFinding> findings, IEnumerable<PkiFinding> found, string? url)
    {
        foreach (var (code, explanation) in found)
        {
            findings.Add(new(code, url, explanation));
        }
    }
}
