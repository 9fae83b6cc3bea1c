using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MediaTrust.Assertions;
using MediaTrust.Cose;
using MediaTrust.Manifests;
using MediaTrust.Pki;
using MediaTrust.Spec;
using MediaTrust.Validation.Identity;

namespace MediaTrust.Validation;

internal sealed partial class ManifestValidator
{
    /// <summary>
    /// CAWG identity 1.3, "Validating the identity assertion": every <c>cawg.identity</c> (and <c>cawg.identity__N</c>)
    /// assertion of a manifest whose claim decodes (the spec asks for a well-formed manifest first). Findings are
    /// <c>cawg.*</c> codes, on the identity axis only: none of them changes the C2PA state (docs/validation.md).
    /// </summary>
    private async Task<List<IdentityAssertionReport>> CheckIdentityAssertionsAsync(Manifest manifest, ClaimSignatureResult? claimSignature,
        List<ValidationFinding> findings, CancellationToken cancellationToken)
    {
        var reports = new List<IdentityAssertionReport>();
        var identities = manifest.Assertions.Where(a => a.BaseLabel == AssertionLabels.CawgIdentity).ToList();
        if (identities.Count == 0 || SafeClaim(manifest) is not { } claim)
        {
            return reports;
        }

        var known = KnownAssertionReferences(manifest);
        var binding = GoverningHardBinding(manifest);
        foreach (var assertion in identities)
        {
            var url = JumbfUri.ForAssertion(manifest.Label, assertion.Label);
            var own = new List<ValidationFinding>();
            var report = await CheckIdentityAssertionAsync(manifest, claim, assertion, url, known, binding, claimSignature, own, cancellationToken);
            findings.AddRange(own);
            reports.Add(report);
        }

        return reports;
    }

    private async Task<IdentityAssertionReport> CheckIdentityAssertionAsync(Manifest manifest, Claim claim, Assertion assertion, string url,
        HashSet<(string Url, string Hash)> known, string? binding, ClaimSignatureResult? claimSignature, List<ValidationFinding> findings,
        CancellationToken cancellationToken)
    {
        var identity = IdentityAssertion.TryRead(assertion, out var problem);
        if (identity is null)
        {
            findings.Add(new(ValidationStatusCodes.CawgIdentityCborInvalid, url, $"the identity assertion {problem} (CAWG identity 1.3, \"CBOR schema\")"));
            return new IdentityAssertionReport(assertion.Label, url, null, [], IdentityStatus.Invalid, null, null, null, null, null, [], [], findings);
        }

        var payload = identity.SignerPayload;
        CheckReferencedAssertions(manifest, payload, url, known, binding, findings);

        SignerSummary? signer = null;
        IcaSummary? ica = null;
        var manifestTime = claimSignature?.TimeStamp.State == TimeStampState.Trusted ? claimSignature.TimeStamp.GenTime : null;
        switch (payload.SigType)
        {
            case SignerPayload.X509Cose:
                signer = await CheckX509IdentityAsync(identity, url, manifestTime, findings, cancellationToken);
                break;
            case SignerPayload.IdentityClaimsAggregation:
                ica = await IdentityClaimsAggregation.ValidateAsync(identity, url, manifestTime, _options, findings, cancellationToken);
                break;
            default:
                findings.Add(new(ValidationStatusCodes.CawgIdentitySigTypeUnknown, url,
                    $"sig_type '{payload.SigType}' is not one this validator accepts (cawg.x509.cose, cawg.identity_claims_aggregation)"));
                break;
        }

        if (!identity.PadsAreZero)
        {
            findings.Add(new(ValidationStatusCodes.CawgIdentityPadInvalid, url, "pad1 or pad2 holds bytes other than 0x00"));
        }

        var status = StatusOf(findings);
        if (status == IdentityStatus.Verified)
        {
            findings.Add(new(ValidationStatusCodes.CawgIdentityTrusted, url, "the identity assertion validates and its credential is trusted"));
        }
        else if (status == IdentityStatus.WellFormed)
        {
            findings.Add(new(ValidationStatusCodes.CawgIdentityWellFormed, url, "the identity assertion validates, but no configured trust anchor or issuer vouches for its credential"));
        }

        return new IdentityAssertionReport(assertion.Label, url, payload.SigType, payload.Roles, status, signer,
            ica?.Issuer, ica?.IssuerName, ica?.ValidFrom, ica?.ValidUntil, ica?.Identities ?? [],
            [.. payload.ReferencedAssertions.Select(r => r.Url[(r.Url.LastIndexOf('/') + 1)..])], findings);
    }

    /// <summary>Invalid on any CAWG failure but untrust; well-formed when only trust failed; verified otherwise.</summary>
    internal static IdentityStatus StatusOf(IEnumerable<ValidationFinding> findings)
    {
        var failures = findings.Where(f => f.Kind == ValidationStatusKind.Failure).Select(f => f.Code).ToList();
        if (failures.Any(code => code is not (ValidationStatusCodes.CawgX509CredentialUntrusted or ValidationStatusCodes.CawgIcaUntrustedIssuer)))
        {
            return IdentityStatus.Invalid;
        }

        return failures.Count == 0 ? IdentityStatus.Verified : IdentityStatus.WellFormed;
    }

    /// <summary>The identity axis of several identity assertions: the worst of them, None without any.</summary>
    internal static IdentityStatus Combine(IEnumerable<IdentityAssertionReport> reports)
    {
        var statuses = reports.Select(r => r.Status).ToList();
        return statuses.Count == 0 ? IdentityStatus.None
            : statuses.Contains(IdentityStatus.Invalid) ? IdentityStatus.Invalid
            : statuses.Contains(IdentityStatus.WellFormed) ? IdentityStatus.WellFormed
            : IdentityStatus.Verified;
    }

    /// <summary>
    /// 1.3, "Validation method": each referenced assertion is declared (same url and hash) by this claim or an
    /// ingredient's claim, none twice, and the hard binding of §15.12's opening paragraph is among them, and no other.
    /// </summary>
    private static void CheckReferencedAssertions(Manifest manifest, SignerPayload payload, string url, HashSet<(string Url, string Hash)> known,
        string? binding, List<ValidationFinding> findings)
    {
        var seen = new HashSet<(string, string)>();
        var duplicate = false;
        var bindings = new List<string>();
        foreach (var reference in payload.ReferencedAssertions)
        {
            var key = (Absolute(reference.Url, manifest), Convert.ToBase64String(reference.Hash.Span));
            if (!seen.Add(key))
            {
                duplicate = true;
                continue;
            }

            if (!known.Contains(key))
            {
                findings.Add(new(ValidationStatusCodes.CawgIdentityAssertionMismatch, url,
                    $"{reference.Url} with this hash is declared neither by the claim nor by an ingredient's claim"));
            }

            if (AssertionLabels.IsHardBinding(Assertion.SplitInstance(key.Item1[(key.Item1.LastIndexOf('/') + 1)..]).BaseLabel))
            {
                bindings.Add(key.Item1);
            }
        }

        if (duplicate)
        {
            findings.Add(new(ValidationStatusCodes.CawgIdentityAssertionDuplicate, url, "referenced_assertions lists an assertion more than once"));
        }

        if (bindings.Count == 0)
        {
            findings.Add(new(ValidationStatusCodes.CawgIdentityHardBindingMissing, url, "referenced_assertions does not include the hard binding"));
        }
        else if (binding is null || bindings.Any(b => b != binding))
        {
            findings.Add(new(ValidationStatusCodes.CawgIdentityHardBindingIncorrect, url, binding is null
                ? "the manifest has no hard binding for the reference to point to"
                : $"referenced_assertions names {string.Join(", ", bindings.Where(b => b != binding))}, not (only) the hard binding {binding}"));
        }
    }

    /// <summary>Every (absolute URI, base-64 hash) the claim of <paramref name="manifest"/> or of any manifest of its ingredients declares.</summary>
    private HashSet<(string Url, string Hash)> KnownAssertionReferences(Manifest manifest)
    {
        var known = new HashSet<(string, string)>();
        var pending = new Stack<(Manifest Manifest, int Depth)>([(manifest, 0)]);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var next))
        {
            if (!visited.Add(next.Manifest.Label) || SafeClaim(next.Manifest) is not { } claim)
            {
                continue;
            }

            foreach (var reference in claim.AllAssertionReferences)
            {
                known.Add((Absolute(reference.Url, next.Manifest), Convert.ToBase64String(reference.Hash.Span)));
            }

            if (next.Depth >= _options.MaxIngredientDepth)
            {
                continue;
            }

            foreach (var ingredient in IngredientManifestsOf(next.Manifest))
            {
                pending.Push((ingredient, next.Depth + 1));
            }
        }

        return known;
    }

    /// <summary>The manifests the ingredient assertions of <paramref name="manifest"/> point to (spec 2.2 §18.15).</summary>
    private IEnumerable<Manifest> IngredientManifestsOf(Manifest manifest)
    {
        foreach (var assertion in manifest.Assertions)
        {
            if (IsIngredient(assertion)
                && ReadIngredient(assertion, JumbfUri.ForAssertion(manifest.Label, assertion.Label), findings: null) is { ActiveManifest: { } reference }
                && _store.ManifestOf(reference.Url, manifest) is { } ingredient)
            {
                yield return ingredient;
            }
        }
    }

    /// <summary>The absolute URI of the hard binding that governs <paramref name="manifest"/> (§15.12: its own, or its parent's for an update manifest).</summary>
    private string? GoverningHardBinding(Manifest manifest)
    {
        var governing = manifest;
        for (var hops = 0; governing is not null && governing.Kind == ManifestKind.Update && hops <= _options.MaxIngredientDepth; hops++)
        {
            governing = ParentOf(governing);
        }

        var binding = governing?.Assertions.FirstOrDefault(a => AssertionLabels.IsValidatedHardBinding(a.BaseLabel));
        return binding is null ? null : JumbfUri.ForAssertion(governing!.Label, binding.Label);
    }

    /// <summary>
    /// 1.3, "X.509 certificates and COSE signatures": the COSE_Sign1 over the signer payload, checked by the claim-signature
    /// machinery (algorithm, chain, time-stamp v2 only, validity, OCSP) against the CAWG trust configuration, its
    /// findings renamed to the <c>cawg.x509.*</c> codes, then the interim S/MIME rules.
    /// </summary>
    private async Task<SignerSummary?> CheckX509IdentityAsync(IdentityAssertion identity, string url, DateTimeOffset? manifestTime,
        List<ValidationFinding> findings, CancellationToken cancellationToken)
    {
        CoseSign1 cose;
        try
        {
            cose = CoseSign1.Decode(identity.Signature);
        }
        catch (MalformedContentException e)
        {
            findings.Add(new(ValidationStatusCodes.CawgX509SignatureMismatch, url, $"the signature is not a COSE_Sign1: {e.Reason}"));
            return null;
        }

        var payload = identity.SignerPayload.Raw;
        if (cose.Payload is { } attached && !attached.Span.SequenceEqual(payload.Span))
        {
            findings.Add(new(ValidationStatusCodes.CawgX509SignatureMismatch, url, "the COSE_Sign1 carries a payload other than the signer_payload"));
            return null;
        }

        var input = ClaimSignatureInput.From(cose, payload, url) with
        {
            TimeStampTokens = cose.TimeStampsAreV2 ? cose.TimeStampTokens : [],
            AssertionOcspResponses = GatherEvidence().Ocsp,
        };
        if (!cose.TimeStampsAreV2 && cose.TimeStampTokens.Count > 0)
        {
            findings.Add(new(ValidationStatusCodes.CawgX509TimeStampMalformed, url, "a v1 time-stamp (sigTst) is not acceptable in an identity assertion; it was ignored"));
        }

        // 1.3, "Validate the time-stamp": without a time-stamp of its own, the claim signature's trusted time-stamp dates the signature.
        var options = _options with
        {
            Trust = IdentityTrustModel.Combine(_options.IdentityTrust, _options.Trust),
            ValidationTime = input.TimeStampTokens.Count == 0 && manifestTime is { } m ? m : _options.ValidationTime,
        };
        var result = await CheckClaimSignatureAsync(input, options, cancellationToken);
        foreach (var finding in result.Findings)
        {
            if (CawgX509Code(finding.Code) is { } code)
            {
                findings.Add(finding with { Code = code, Explanation = finding.Explanation.Replace("claim signing", "identity signing", StringComparison.Ordinal) });
            }
        }

        var leaf = cose.CertificateChain.Count > 0 ? CertificateLoader.TryLoad(cose.CertificateChain[0].Span, out _) : null;
        if (leaf is not null && result.Trust == SignerTrust.Trusted
            && IdentityTrustModel.InterimProblem(leaf, result.TimeStamp.State == TimeStampState.Trusted ? result.TimeStamp.GenTime!.Value : options.ValidationTime ?? DateTimeOffset.UtcNow) is { } interim)
        {
            var at = findings.FindIndex(f => f.Code == ValidationStatusCodes.CawgX509CredentialTrusted);
            findings[at] = new(ValidationStatusCodes.CawgX509CredentialUntrusted, url, interim);
        }

        if (leaf is null)
        {
            return null;
        }

        var time = result.TimeStamp.GenTime ?? manifestTime ?? (cose.IssuedAt is { } iat ? DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(iat, -62135596800L, 253402300799L)) : null);
        return new SignerSummary(
            leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
            DistinguishedNames.Find(leaf.SubjectName, "2.5.4.10"),
            DistinguishedNames.Find(leaf.IssuerName, "2.5.4.10") ?? leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: true),
            SigningAlgorithms.TryFromCose(cose.Algorithm, out var alg) ? alg.ToString() : null,
            time);
    }

    /// <summary>The <c>cawg.x509.*</c> code for what the claim-signature check reported; null for what has no CAWG counterpart.</summary>
    private static string? CawgX509Code(string code) => code switch
    {
        ValidationStatusCodes.ClaimSignatureValidated => ValidationStatusCodes.CawgX509SignatureValidated,
        ValidationStatusCodes.ClaimSignatureMismatch => ValidationStatusCodes.CawgX509SignatureMismatch,
        ValidationStatusCodes.AlgorithmUnsupported => ValidationStatusCodes.CawgX509AlgorithmUnsupported,
        ValidationStatusCodes.SigningCredentialTrusted => ValidationStatusCodes.CawgX509CredentialTrusted,
        ValidationStatusCodes.SigningCredentialUntrusted or ValidationStatusCodes.SigningCredentialInvalid => ValidationStatusCodes.CawgX509CredentialUntrusted,
        ValidationStatusCodes.ClaimSignatureInsideValidity => ValidationStatusCodes.CawgX509SignatureInsideValidity,
        ValidationStatusCodes.ClaimSignatureOutsideValidity or ValidationStatusCodes.SigningCredentialExpired => ValidationStatusCodes.CawgX509SignatureOutsideValidity,
        ValidationStatusCodes.TimeStampTrusted => ValidationStatusCodes.CawgX509TimeStampTrusted,
        ValidationStatusCodes.TimeStampValidated => ValidationStatusCodes.CawgX509TimeStampValidated,
        ValidationStatusCodes.TimeStampMalformed => ValidationStatusCodes.CawgX509TimeStampMalformed,
        ValidationStatusCodes.TimeStampMismatch => ValidationStatusCodes.CawgX509TimeStampMismatch,
        ValidationStatusCodes.TimeStampUntrusted => ValidationStatusCodes.CawgX509TimeStampUntrusted,
        ValidationStatusCodes.TimeStampOutsideValidity => ValidationStatusCodes.CawgX509TimeStampOutsideValidity,
        ValidationStatusCodes.TimeOfSigningInsideValidity => ValidationStatusCodes.CawgX509TimeOfSigningInsideValidity,
        ValidationStatusCodes.TimeOfSigningOutsideValidity => ValidationStatusCodes.CawgX509TimeOfSigningOutsideValidity,
        ValidationStatusCodes.SigningCredentialOcspNotRevoked => ValidationStatusCodes.CawgX509OcspNotRevoked,
        ValidationStatusCodes.SigningCredentialOcspRevoked => ValidationStatusCodes.CawgIdentityCredentialRevoked,
        ValidationStatusCodes.SigningCredentialOcspSkipped => ValidationStatusCodes.CawgX509OcspSkipped,
        ValidationStatusCodes.SigningCredentialOcspInaccessible => ValidationStatusCodes.CawgX509OcspInaccessible,
        ValidationStatusCodes.SigningCredentialOcspUnknown => ValidationStatusCodes.CawgX509OcspUnknown,
        _ when ValidationStatusCodes.KindOf(code) == ValidationStatusKind.Failure => ValidationStatusCodes.CawgX509CredentialUntrusted,
        _ => null,
    };
}
