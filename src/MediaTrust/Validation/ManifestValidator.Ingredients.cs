using MediaTrust.Assertions;
using MediaTrust.IO;
using MediaTrust.Manifests;
using MediaTrust.Spec;

namespace MediaTrust.Validation;

internal sealed partial class ManifestValidator
{
    private static bool IsIngredient(Assertion assertion) =>
        AssertionLabels.IsIngredient(assertion.BaseLabel);

    /// <summary>Reads an ingredient assertion (spec 2.2 §18.15, every version), reporting why it does not read to <paramref name="findings"/>.</summary>
    private IngredientAssertion? ReadIngredient(Assertion assertion, string url, List<ValidationFinding>? findings)
    {
        try
        {
            return IngredientAssertion.Read(assertion, Decode);
        }
        catch (MalformedContentException e)
        {
            findings?.Add(new(e.StatusCode, url, e.Reason));
            return null;
        }
    }

    /// <summary>
    /// §15.11: each ingredient's manifest and signature hashes, and at most one parentOf (§18.15.3,
    /// <c>manifest.multipleParents</c>).
    /// </summary>
    private void CheckIngredientReferences(Manifest manifest, Claim claim, List<ValidationFinding> findings)
    {
        var parents = 0;
        foreach (var assertion in manifest.Assertions)
        {
            if (!IsIngredient(assertion))
            {
                continue;
            }

            var url = JumbfUri.ForAssertion(manifest.Label, assertion.Label);
            if (ReadIngredient(assertion, url, findings) is not { } ingredient)
            {
                continue;
            }

            if (ingredient.Relationship == IngredientAssertion.ParentOf)
            {
                parents++;
            }

            if (ingredient.ActiveManifest is { } manifestReference)
            {
                var target = _store.Resolve(manifestReference.Url, manifest);
                if (target is null)
                {
                    findings.Add(new(ValidationStatusCodes.IngredientManifestMissing, url, $"the ingredient's manifest {manifestReference.Url} is not in the store"));
                }
                else if (ingredient.ClaimSignature is null && MatchesLegacyClaimHash(manifestReference, manifest, claim))
                {
                    // Early (1.x) claim generators recorded the hash of the ingredient's claim, not of its
                    // manifest box; c2pa-rs accepts it, and so do we for v1/v2 ingredients.
                    findings.Add(new(ValidationStatusCodes.IngredientManifestValidated, url,
                        $"ingredient manifest {manifestReference.Url} matches its recorded hash (the legacy hash of its claim)"));
                }
                else if (CheckHash(manifestReference, target, claim, url, ValidationStatusCodes.IngredientManifestMismatch, findings,
                    LegacyIngredientForms(manifestReference, manifest, target)))
                {
                    findings.Add(new(ValidationStatusCodes.IngredientManifestValidated, url, $"ingredient manifest {manifestReference.Url} matches its recorded hash"));
                }
            }

            if (ingredient.ClaimSignature is { } signatureReference)
            {
                var target = _store.Resolve(signatureReference.Url, manifest);
                if (target is null)
                {
                    findings.Add(new(ValidationStatusCodes.IngredientClaimSignatureMissing, url, $"the ingredient's claim signature {signatureReference.Url} is not in the store"));
                }
                else if (CheckHash(signatureReference, target, claim, url, ValidationStatusCodes.IngredientClaimSignatureMismatch, findings,
                    LegacyIngredientForms(signatureReference, manifest, target)))
                {
                    findings.Add(new(ValidationStatusCodes.IngredientClaimSignatureValidated, url, $"ingredient claim signature {signatureReference.Url} matches its recorded hash"));
                }
            }
        }

        if (parents > 1)
        {
            findings.Add(new(ValidationStatusCodes.ManifestMultipleParents, JumbfUri.ForManifest(manifest.Label),
                $"the manifest has {parents} parentOf ingredients; at most one is allowed"));
        }

        if (manifest.Kind == ManifestKind.Update && parents != 1)
        {
            findings.Add(new(ValidationStatusCodes.ManifestUpdateWrongParents, JumbfUri.ForManifest(manifest.Label),
                $"an update manifest must have exactly one parentOf ingredient; it has {parents}"));
        }
    }

    /// <summary>
    /// One delta per ingredient assertion reachable from <paramref name="manifest"/>: the validation of
    /// the manifest it points to, or <c>ingredient.unknownProvenance</c> when it has none (as c2pa-rs reports).
    /// </summary>
    private async Task CollectIngredientDeltasAsync(Manifest manifest, List<IngredientDelta> deltas, HashSet<string> visited, int depth,
        CancellationToken cancellationToken)
    {
        if (!visited.Add(manifest.Label))
        {
            return;
        }

        if (depth >= _options.MaxIngredientDepth && manifest.Assertions.Any(IsIngredient))
        {
            // The bound keeps a hostile chain from costing unbounded time; say so rather than stop silently.
            var url = JumbfUri.ForManifest(manifest.Label);
            deltas.Add(new IngredientDelta(url, new StatusCodes([],
                [new(ValidationStatusCodes.IngredientDepthLimit, url,
                    $"ingredients deeper than {_options.MaxIngredientDepth} levels were not validated (ValidationOptions.MaxIngredientDepth)")], [])));
            return;
        }

        foreach (var assertion in manifest.Assertions)
        {
            if (!IsIngredient(assertion))
            {
                continue;
            }

            var url = JumbfUri.ForAssertion(manifest.Label, assertion.Label);
            var ingredient = ReadIngredient(assertion, url, findings: null);
            if (ingredient?.ActiveManifest is not { } reference)
            {
                var name = ingredient?.DisplayTitle ?? assertion.Label;
                deltas.Add(new IngredientDelta(url, new StatusCodes([],
                    [new(ValidationStatusCodes.IngredientUnknownProvenance, url, $"{name}: ingredient does not have provenance")], [])));
                continue;
            }

            if (_store.ManifestOf(reference.Url, manifest) is not { } target || ReferenceEquals(target, manifest))
            {
                deltas.Add(new IngredientDelta(url, new StatusCodes([], [],
                    [new(ValidationStatusCodes.IngredientManifestMissing, url, $"the ingredient's manifest {reference.Url} is not in the store")])));
                continue;
            }

            var check = await CheckManifestAsync(target, cancellationToken);

            // CAWG identity 1.3 applies to every well-formed manifest: an ingredient's identities are validated too, their
            // codes go with the ingredient's (as c2pa-rs reports them), on the identity axis only.
            if (!_ingredientIdentities.TryGetValue(target.Label, out var identities))
            {
                identities = await CheckIdentityAssertionsAsync(target, check.Signature, [], cancellationToken);
                _ingredientIdentities[target.Label] = identities;
            }

            var identityFindings = identities.SelectMany(i => i.Findings).ToList();

            deltas.Add(new IngredientDelta(url, StatusCodes.From(identityFindings.Count == 0 ? check.Findings : [.. check.Findings, .. identityFindings])));
            await CollectIngredientDeltasAsync(target, deltas, visited, depth + 1, cancellationToken);
        }
    }

    /// <summary>
    /// Byte ranges that c2pa-rs versions before 0.3x hashed for ingredient references and that
    /// c2pa-rs still accepts: the box with its header, and, for a reference into a manifest (such as
    /// <c>…/c2pa.claim</c>), the whole manifest box. They bind the same bytes, framed differently.
    /// </summary>
    private ReadOnlyMemory<byte>[] LegacyIngredientForms(HashedUri reference, Manifest current, Jumbf.JumbfBox target)
    {
        var referenced = _store.ManifestOf(reference.Url, current);
        return referenced is null || ReferenceEquals(referenced.Box, target)
            ? [target.Raw]
            : [target.Raw, referenced.Box.Raw[referenced.Box.HeaderLength..]];
    }

    /// <summary>Whether a v1/v2 ingredient's manifest hash is the hash of that manifest's claim bytes (the 1.x legacy form).</summary>
    private bool MatchesLegacyClaimHash(HashedUri reference, Manifest manifest, Claim claim)
    {
        if (_store.ManifestOf(reference.Url, manifest) is not { ClaimBytes: { } claimBytes }
            || !Bindings.HashAlgorithms.TryGet(Bindings.HashAlgorithms.Nearest(reference.Algorithm, claim.Algorithm, "sha256"), out var algorithm))
        {
            return false;
        }

        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(algorithm);
        hash.AppendData(claimBytes.Span);
        return hash.GetHashAndReset().AsSpan().SequenceEqual(reference.Hash.Span);
    }

    /// <summary>The parentOf ingredient's manifest, for walking update manifests back to a standard one.</summary>
    private Manifest? ParentOf(Manifest manifest)
    {
        foreach (var assertion in manifest.Assertions)
        {
            if (IsIngredient(assertion)
                && ReadIngredient(assertion, JumbfUri.ForAssertion(manifest.Label, assertion.Label), findings: null) is { Relationship: IngredientAssertion.ParentOf, ActiveManifest: { } reference })
            {
                return _store.ManifestOf(reference.Url, manifest);
            }
        }

        return null;
    }
}
