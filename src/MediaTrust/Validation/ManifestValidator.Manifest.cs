using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MediaTrust.Assertions;
using MediaTrust.Bindings;
using MediaTrust.Cose;
using MediaTrust.IO;
using MediaTrust.Jumbf;
using MediaTrust.Manifests;
using MediaTrust.Pki;
using MediaTrust.Spec;

namespace MediaTrust.Validation;

internal sealed partial class ManifestValidator
{
    /// <summary>Checks one manifest (claim, signature, assertions, ingredient references), once per label.</summary>
    private async Task<ManifestCheck> CheckManifestAsync(Manifest manifest, CancellationToken cancellationToken)
    {
        if (_checked.TryGetValue(manifest.Label, out var done))
        {
            return done;
        }

        var findings = new List<ValidationFinding>();
        var signatureUrl = JumbfUri.ForManifest(manifest.Label) + "/" + C2paBoxes.SignatureLabel;
        foreach (var problem in manifest.Problems)
        {
            findings.Add(new(problem.StatusCode, problem.Location, problem.Message));
        }

        if (manifest.Problems.Any(p => p.StatusCode == ValidationStatusCodes.ManifestCompressedInvalid))
        {
            return Remember(manifest, new ManifestCheck(findings, null, null, null, null)); // §15.5.4: nothing inside to check
        }

        // §15.6: exactly one claim, well-formed.
        Claim claim;
        try
        {
            claim = manifest.GetClaim();
        }
        catch (MalformedContentException e)
        {
            findings.Add(new(e.StatusCode, JumbfUri.ForManifest(manifest.Label), e.Reason));
            return Remember(manifest, new ManifestCheck(findings, null, null, null, null));
        }

        if (claim.MissingRequiredField is { } missing)
        {
            findings.Add(new(ValidationStatusCodes.ClaimMalformed, JumbfUri.ForManifest(manifest.Label) + "/" + (claim.Version == 2 ? C2paBoxes.ClaimLabelV2 : C2paBoxes.ClaimLabelV1),
                $"the claim lacks the required field '{missing}' (spec 2.2 §10.2)"));
        }

        // §15.7–15.9: the signature the claim names, in this manifest.
        var (signature, leaf, algorithm, issuedAt) = await CheckSignatureAsync(manifest, claim, signatureUrl, findings, cancellationToken);

        // §15.10: every referenced assertion is present, inside this manifest, and unchanged.
        CheckAssertionReferences(manifest, claim, findings);
        CheckRedactions(manifest, claim, findings);
        CheckUpdateManifest(manifest, findings);
        CheckSpecificAssertions(manifest, claim, findings);
        CheckIngredientReferences(manifest, claim, findings);
        return Remember(manifest, new ManifestCheck(findings, signature, leaf, algorithm, issuedAt));
    }

    private ManifestCheck Remember(Manifest manifest, ManifestCheck check)
    {
        _checked[manifest.Label] = check;
        return check;
    }

    private async Task<(ClaimSignatureResult? Result, X509Certificate2? Leaf, string? Algorithm, long? IssuedAt)> CheckSignatureAsync(
        Manifest manifest, Claim claim, string signatureUrl, List<ValidationFinding> findings, CancellationToken cancellationToken)
    {
        // §15.7.1: the claim's signature URI must resolve to this manifest's signature box.
        var box = claim.SignatureUri is { } uri ? _store.Resolve(uri, manifest) : null;
        if (box is null || !ReferenceEquals(box, manifest.SignatureBox))
        {
            findings.Add(new(ValidationStatusCodes.ClaimSignatureMissing, signatureUrl,
                $"the claim's signature reference '{claim.SignatureUri ?? "(none)"}' does not resolve to this manifest's signature"));
            return (null, null, null, null);
        }

        CoseSign1 cose;
        try
        {
            cose = manifest.GetSignature();
        }
        catch (MalformedContentException e)
        {
            findings.Add(new(ValidationStatusCodes.ClaimSignatureMismatch, signatureUrl, $"the claim signature is not a valid COSE_Sign1: {e.Reason}"));
            return (null, null, null, null);
        }

        var input = ClaimSignatureInput.From(cose, claim.Raw, signatureUrl) with
        {
            AssertionTimeStamps = AssertionTimeStampsFor(manifest.Label),
            AssertionOcspResponses = GatherEvidence().Ocsp,
        };
        var result = await CheckClaimSignatureAsync(input, _options, cancellationToken);
        findings.AddRange(result.Findings);
        X509Certificate2? leaf = null;
        if (cose.CertificateChain.Count > 0)
        {
            // Shared with the signature check (cached); a certificate that does not load was already
            // reported as signingCredential.invalid there.
            leaf = Pki.CertificateLoader.TryLoad(cose.CertificateChain[0].Span, out _);
        }

        var algorithm = SigningAlgorithms.TryFromCose(cose.Algorithm, out var alg) ? alg.ToString() : null;
        return (result, leaf, algorithm, cose.IssuedAt);
    }

    /// <summary>
    /// §15.8.1.2 and §15.10.3.2.4: the tokens that <c>c2pa.time-stamp</c> assertions hold for the manifest
    /// <paramref name="label"/>, with each assertion's URI.
    /// </summary>
    private List<AssertionTimeStamp> AssertionTimeStampsFor(string label) =>
        GatherEvidence().TimeStamps.TryGetValue(label, out var found) ? found : [];

    /// <summary>
    /// What later manifests added for earlier ones, gathered once from every manifest of the store: the
    /// tokens of <c>c2pa.time-stamp</c> assertions (§18.17) by the label they stamp, and the OCSP responses of
    /// <c>c2pa.certificate-status</c> assertions (§18.18). Both prove themselves (a TSA signs an imprint of the
    /// stamped signature; an OCSP responder names the certificate), so which manifest carries them does
    /// not matter, and the order manifests are checked in cannot hide one.
    /// </summary>
    private (Dictionary<string, List<AssertionTimeStamp>> TimeStamps, List<ReadOnlyMemory<byte>> Ocsp) GatherEvidence()
    {
        if (_evidence is { } gathered)
        {
            return gathered;
        }

        var timeStamps = new Dictionary<string, List<AssertionTimeStamp>>(StringComparer.Ordinal);
        var ocsp = new List<ReadOnlyMemory<byte>>();
        foreach (var holder in _store.Manifests)
        {
            foreach (var assertion in holder.Assertions)
            {
                if (assertion.BaseLabel == AssertionLabels.CertificateStatus)
                {
                    ocsp.AddRange(CertificateStatusAssertion.Read(assertion).OcspResponses);
                }
                else if (assertion.BaseLabel == AssertionLabels.TimeStamp && TimeStampAssertion.TryRead(assertion, out _)?.Entries is { } entries)
                {
                    foreach (var (stamped, token) in entries)
                    {
                        if (!timeStamps.TryGetValue(stamped, out var tokens))
                        {
                            timeStamps[stamped] = tokens = [];
                        }

                        tokens.Add(new(token, JumbfUri.ForAssertion(holder.Label, assertion.Label)));
                    }
                }
            }
        }

        _evidence = (timeStamps, ocsp);
        return _evidence.Value;
    }

    /// <summary>§15.10.1–15.10.3: hashed-URI checks, undeclared assertions, and the count of hard bindings.</summary>
    private void CheckAssertionReferences(Manifest manifest, Claim claim, List<ValidationFinding> findings)
    {
        var referenced = new HashSet<JumbfBox>(ReferenceEqualityComparer.Instance);
        var hardBindings = 0;
        foreach (var reference in claim.AllAssertionReferences)
        {
            var absolute = Absolute(reference.Url, manifest);
            if (RedactedAssertions().Contains(absolute))
            {
                // §15.10.3.1: a redacted assertion is considered valid; what may not be redacted is
                // reported on the redacting claim (CheckRedactions).
                continue;
            }

            var target = _store.Resolve(reference.Url, manifest);
            if (target is null)
            {
                findings.Add(new(ValidationStatusCodes.AssertionMissing, absolute, $"the claim references {reference.Url}, which is not in the store"));
                continue;
            }

            if (!ReferenceEquals(_store.ManifestOf(reference.Url, manifest), manifest))
            {
                findings.Add(new(ValidationStatusCodes.AssertionOutsideManifest, absolute, $"the claim references {reference.Url}, which belongs to another manifest"));
                continue;
            }

            referenced.Add(target);
            if (!CheckHash(reference, target, claim, absolute, ValidationStatusCodes.AssertionHashedURIMismatch, findings))
            {
                continue;
            }

            findings.Add(new(ValidationStatusCodes.AssertionHashedURIMatch, absolute, $"hashed uri matched: {reference.Url}"));
            if (target.Label is { } label && AssertionLabels.IsValidatedHardBinding(Assertions.Assertion.SplitInstance(label).BaseLabel))
            {
                hardBindings++;
            }
        }

        foreach (var assertion in manifest.Assertions)
        {
            // §15.10: a declared CBOR or JSON assertion must decode (assertion.cbor.invalid / assertion.json.invalid).
            if (referenced.Contains(assertion.Box) && assertion.Kind is Assertions.AssertionKind.Cbor or Assertions.AssertionKind.Json)
            {
                try
                {
                    Decode(assertion);
                }
                catch (MalformedContentException e)
                {
                    findings.Add(new(e.StatusCode, JumbfUri.ForAssertion(manifest.Label, assertion.Label), $"{assertion.Label} does not decode: {e.Reason}"));
                }
            }

            if (!referenced.Contains(assertion.Box))
            {
                findings.Add(new(ValidationStatusCodes.AssertionUndeclared, JumbfUri.ForAssertion(manifest.Label, assertion.Label),
                    $"the assertion store holds {assertion.Label}, which the claim does not declare"));
            }
        }

        // §15.10.1.2: a standard manifest has at most one hard binding (an update manifest none: CheckUpdateManifest).
        if (hardBindings > 1)
        {
            findings.Add(new(ValidationStatusCodes.AssertionMultipleHardBindings, JumbfUri.ForManifest(manifest.Label),
                $"the claim declares {hardBindings} hard bindings; exactly one is allowed"));
        }
    }

    /// <summary>
    /// Compares a hashed URI with the box it resolves to (spec 2.2 §8.4.2.3: the superbox contents,
    /// without its header). <paramref name="alternatives"/> are other byte ranges an older generator
    /// may have hashed for the same reference (see <see cref="LegacyIngredientForms"/>).
    /// </summary>
    private static bool CheckHash(HashedUri reference, JumbfBox target, Claim claim, string url, string mismatchCode, List<ValidationFinding> findings,
        params ReadOnlyMemory<byte>[] alternatives)
    {
        var algorithmName = HashAlgorithms.Nearest(reference.Algorithm, claim.Algorithm, "sha256");
        if (!HashAlgorithms.TryGet(algorithmName, out var algorithm))
        {
            findings.Add(new(ValidationStatusCodes.AlgorithmUnsupported, url, $"hash algorithm '{algorithmName}' is not on the C2PA allowed list"));
            return false;
        }

        if (HashMatches(algorithm, target.Raw[target.HeaderLength..], reference.Hash))
        {
            return true;
        }

        foreach (var alternative in alternatives)
        {
            if (HashMatches(algorithm, alternative, reference.Hash))
            {
                return true;
            }
        }

        findings.Add(new(mismatchCode, url, $"hash of {reference.Url} does not match: it was changed after signing"));
        return false;
    }

    private static bool HashMatches(HashAlgorithmName algorithm, ReadOnlyMemory<byte> bytes, ReadOnlyMemory<byte> expected)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        hash.AppendData(bytes.Span);
        return hash.GetHashAndReset().AsSpan().SequenceEqual(expected.Span);
    }

    private static string Absolute(string url, Manifest manifest)
    {
        const string Prefix = JumbfUri.Prefix;
        return url.StartsWith(Prefix + "/", StringComparison.Ordinal)
            ? url
            : JumbfUri.ForManifest(manifest.Label) + "/" + url[(url.StartsWith(Prefix, StringComparison.Ordinal) ? Prefix.Length : 0)..];
    }
}
