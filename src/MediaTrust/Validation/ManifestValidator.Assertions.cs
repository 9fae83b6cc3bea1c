using System.Formats.Cbor;
using System.Text.Json.Nodes;
using MediaTrust.Assertions;
using MediaTrust.Cbor;
using MediaTrust.IO;
using MediaTrust.Manifests;
using MediaTrust.Spec;

namespace MediaTrust.Validation;

/// <summary>The assertion-specific rules of spec 2.2 §15.10: redaction, update manifests, actions, metadata and cloud data.</summary>
internal sealed partial class ManifestValidator
{
    /// <summary>
    /// Every assertion some claim in the store redacts, as absolute JUMBF URIs (§15.10.2). A claim
    /// redacts assertions of its ingredients' manifests; gathering over the whole store is the same
    /// set, because a claim may not redact its own assertions (§15.10.3.1, checked separately).
    /// </summary>
    private HashSet<string> RedactedAssertions()
    {
        if (_redacted is { } done)
        {
            return done;
        }

        var redacted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var manifest in _store.Manifests)
        {
            if (SafeClaim(manifest) is { } claim)
            {
                foreach (var uri in claim.RedactedAssertions)
                {
                    redacted.Add(Absolute(uri, manifest));
                }
            }
        }

        return _redacted = redacted;
    }

    /// <summary>
    /// §15.10.2–15.10.3.1: what a claim's <c>redacted_assertions</c> may name. Reported on the redacting
    /// claim, which is the one that broke the rule: actions and hard bindings may never be redacted,
    /// a claim may not redact its own assertions, and a redacted assertion must be gone from the store.
    /// </summary>
    private void CheckRedactions(Manifest manifest, Claim claim, List<ValidationFinding> findings)
    {
        var own = JumbfUri.ForManifest(manifest.Label) + "/";
        foreach (var uri in claim.RedactedAssertions)
        {
            var absolute = Absolute(uri, manifest);
            var label = JumbfUri.LastLabel(absolute) ?? uri;
            var baseLabel = Assertion.SplitInstance(label).BaseLabel;
            if (absolute.StartsWith(own, StringComparison.Ordinal))
            {
                findings.Add(new(ValidationStatusCodes.AssertionSelfRedacted, absolute, $"the claim redacts {label}, one of its own assertions; a claim may only redact its ingredients' assertions"));
            }
            else if (AssertionLabels.IsActions(baseLabel))
            {
                findings.Add(new(ValidationStatusCodes.AssertionActionRedacted, absolute, $"the claim redacts {label}; actions assertions may never be redacted"));
            }
            else if (AssertionLabels.IsHardBinding(baseLabel))
            {
                findings.Add(new(ValidationStatusCodes.AssertionDataHashRedacted, absolute, $"the claim redacts {label}; hard bindings may never be redacted"));
            }
            else if (_store.Resolve(absolute, manifest) is not null)
            {
                findings.Add(new(ValidationStatusCodes.AssertionNotRedacted, absolute, $"the claim redacts {label}, but the assertion is still in the store"));
            }
        }
    }

    /// <summary>§15.10.1.3 and §11.2.3: what an update manifest may not contain.</summary>
    private void CheckUpdateManifest(Manifest manifest, List<ValidationFinding> findings)
    {
        if (manifest.Kind != ManifestKind.Update)
        {
            return;
        }

        foreach (var assertion in manifest.Assertions)
        {
            var url = JumbfUri.ForAssertion(manifest.Label, assertion.Label);
            if (UpdateManifestRules.IsContentBinding(assertion.BaseLabel))
            {
                findings.Add(new(ValidationStatusCodes.ManifestUpdateInvalid, url, $"an update manifest holds {assertion.Label}; updates do not change the content and carry no content binding"));
            }
            else if (UpdateManifestRules.IsThumbnail(assertion.BaseLabel))
            {
                findings.Add(new(ValidationStatusCodes.ManifestUpdateInvalid, url, $"an update manifest holds the thumbnail {assertion.Label}, which updates may not contain"));
            }
            else if (AssertionLabels.IsActions(assertion.BaseLabel) && TryReadActions(assertion) is { Actions: { } actions })
            {
                foreach (var action in actions)
                {
                    if (!UpdateManifestRules.IsAllowedAction(action.Name))
                    {
                        findings.Add(new(ValidationStatusCodes.ManifestUpdateInvalid, url,
                            $"an update manifest records the action '{action.Name ?? "(none)"}'; only {UpdateManifestRules.AllowedActionsText} are allowed"));
                    }
                }
            }
        }
    }

    /// <summary>§15.10.3.2: the per-label checks of actions, metadata and cloud-data assertions, over the claim's assertions in order.</summary>
    private void CheckSpecificAssertions(Manifest manifest, Claim claim, List<ValidationFinding> findings)
    {
        var firstActions = true;
        var hasCreatedOrOpened = false;
        var timeStamps = 0;
        foreach (var reference in claim.AllAssertionReferences)
        {
            if (RedactedAssertions().Contains(Absolute(reference.Url, manifest))
                || _store.Resolve(reference.Url, manifest) is not { } box
                || !ReferenceEquals(_store.ManifestOf(reference.Url, manifest), manifest))
            {
                continue;
            }

            var assertion = manifest.FindAssertion(box);
            if (assertion is null)
            {
                continue;
            }

            var url = JumbfUri.ForAssertion(manifest.Label, assertion.Label);
            if (AssertionLabels.IsActions(assertion.BaseLabel))
            {
                hasCreatedOrOpened |= CheckActions(manifest, claim, assertion, url, firstActions, findings);
                firstActions = false;
            }
            else if (assertion.BaseLabel == AssertionLabels.Metadata)
            {
                CheckMetadata(assertion, url, findings);
            }
            else if (assertion.BaseLabel == AssertionLabels.CloudData)
            {
                CheckCloudData(manifest, assertion, url, findings);
            }
            else if (assertion.BaseLabel == AssertionLabels.TimeStamp)
            {
                CheckTimeStampAssertion(assertion, url, ++timeStamps, findings);
            }
            else if (assertion.BaseLabel == AssertionLabels.SoftBinding)
            {
                CheckSoftBinding(claim, assertion, url, findings);
            }
        }

        // §15.10.1.2: a standard manifest's provenance starts with c2pa.created or c2pa.opened. Applied to
        // v2 claims: v1 claims (C2PA 1.x) made the first action optional, and their files are still valid.
        if (claim.Version == 2 && manifest.Kind == ManifestKind.Standard && !hasCreatedOrOpened)
        {
            findings.Add(new(ValidationStatusCodes.AssertionActionMalformed, JumbfUri.ForManifest(manifest.Label),
                "the manifest records no c2pa.created or c2pa.opened action; the first action of a standard manifest must be one of them (spec 2.2 §15.10.1.2)"));
        }
    }

    /// <summary>§15.10.3.2.2. Returns whether this assertion validly starts with c2pa.created or c2pa.opened.</summary>
    private bool CheckActions(Manifest manifest, Claim claim, Assertion assertion, string url, bool first, List<ValidationFinding> findings)
    {
        if (TryReadActions(assertion) is not { Actions: { } actions })
        {
            findings.Add(new(ValidationStatusCodes.AssertionActionMalformed, url, $"{assertion.Label} has no actions array"));
            return false;
        }

        var starts = false;
        for (var i = 0; i < actions.Count; i++)
        {
            var name = actions[i].Name;
            if (name is null)
            {
                findings.Add(new(ValidationStatusCodes.AssertionActionMalformed, url, $"action {i} of {assertion.Label} has no action name"));
                continue;
            }

            if (name is ActionsAssertion.Created or ActionsAssertion.Opened)
            {
                if (first && i == 0)
                {
                    starts = true;
                }
                else
                {
                    findings.Add(new(ValidationStatusCodes.AssertionActionMalformed, url,
                        $"{name} is action {i} of {(first ? "the first" : "a later")} actions assertion; it may only be the first action of the first actions assertion"));
                }
            }

            CheckActionIngredients(manifest, claim, assertion, url, name, actions[i], findings);
            if (name is ActionsAssertion.WatermarkedBound or ActionsAssertion.Watermarked
                && !manifest.Assertions.Any(a => a.BaseLabel == AssertionLabels.SoftBinding))
            {
                // Spec 2.4 §15.10.3.2.2 step 7: the watermark was inserted to create a soft binding, which must be recorded.
                findings.Add(new(ValidationStatusCodes.AssertionActionSoftBindingMissing, url,
                    $"action {i} of {assertion.Label} is {name}, but the manifest has no {AssertionLabels.SoftBinding} assertion"));
            }

            if (name == ActionsAssertion.Redacted)
            {
                CheckRedactedAction(manifest, claim, url, i, actions[i], findings);
            }
        }

        return starts;
    }

    /// <summary>
    /// §15.10.3.2.2: the ingredients an action names (<c>parameters.ingredients</c> in v2 actions,
    /// <c>parameters.ingredient</c> in v1) must resolve, match their hash and be ingredients of the
    /// right relationship. That opened/placed/removed name one is required of v2 claims only: 1.x
    /// generators did not record it.
    /// </summary>
    private void CheckActionIngredients(Manifest manifest, Claim claim, Assertion actionsAssertion, string url, string name, ActionsAssertion.Action action,
        List<ValidationFinding> findings)
    {
        var references = action.Ingredients ?? [];
        var present = action.Ingredients is not null;

        var (relationship, sameManifest) = ActionsAssertion.IngredientRelationship(name);
        var required = claim.Version == 2 && actionsAssertion.BaseLabel == AssertionLabels.ActionsV2 && ActionsAssertion.NamesIngredient(name);
        if (!present && !required)
        {
            return;
        }

        if (references.Count == 0 || (name == ActionsAssertion.Opened && references.Count != 1))
        {
            findings.Add(new(ValidationStatusCodes.AssertionActionIngredientMismatch, url,
                name == ActionsAssertion.Opened && references.Count > 1
                    ? $"{name} names {references.Count} ingredients; it must name exactly one, the parentOf ingredient"
                    : $"{name} names no ingredient; it must reference the ingredient it acted on"));
            return;
        }

        foreach (var reference in references)
        {
            var target = _store.Resolve(reference.Url, manifest);
            var owner = target is null ? null : _store.ManifestOf(reference.Url, manifest);
            var ingredient = target is null || owner is null ? null : owner.FindAssertion(target);
            if (ingredient is null || !IsIngredient(ingredient))
            {
                findings.Add(new(ValidationStatusCodes.AssertionActionIngredientMismatch, url, $"{name} names {reference.Url}, which is not an ingredient assertion in the store"));
                continue;
            }

            var problems = new List<ValidationFinding>();
            // 1.x generators hashed the ingredient box with its header here; the bytes bound are the same.
            if (!CheckHash(reference, target!, claim, url, ValidationStatusCodes.AssertionActionIngredientMismatch, problems, target!.Raw))
            {
                findings.Add(new(ValidationStatusCodes.AssertionActionIngredientMismatch, url, $"{name} names {reference.Url}, whose hash does not match the ingredient there"));
                continue;
            }

            if (relationship is null || claim.Version != 2)
            {
                continue;
            }

            var details = ReadIngredient(ingredient, url, findings: null);
            if (sameManifest != ReferenceEquals(owner, manifest) || details?.Relationship != relationship)
            {
                findings.Add(new(ValidationStatusCodes.AssertionActionIngredientMismatch, url,
                    $"{name} names {reference.Url}, a {details?.Relationship ?? "(no relationship)"} ingredient{(ReferenceEquals(owner, manifest) ? "" : " of another manifest")}; it needs a {relationship} ingredient{(sameManifest ? " of this manifest" : " of another manifest")}"));
            }
        }
    }

    /// <summary>
    /// §15.10.3.2.2: a <c>c2pa.redacted</c> action names, in <c>parameters.redacted</c>, the JUMBF URI of the
    /// assertion it redacted. That assertion is gone from the store by design (§15.10.2), so "resolved" means
    /// it is one of the assertions this claim's <c>redacted_assertions</c> lists.
    /// </summary>
    private static void CheckRedactedAction(Manifest manifest, Claim claim, string url, int index, ActionsAssertion.Action action, List<ValidationFinding> findings)
    {
        if (action.RedactedUri is not { Length: > 0 } redacted)
        {
            findings.Add(new(ValidationStatusCodes.AssertionActionRedactionMismatch, url, $"c2pa.redacted (action {index}) has no parameters.redacted URI naming the assertion it redacted"));
            return;
        }

        var absolute = Absolute(redacted, manifest);
        foreach (var uri in claim.RedactedAssertions)
        {
            if (string.Equals(Absolute(uri, manifest), absolute, StringComparison.Ordinal))
            {
                return;
            }
        }

        findings.Add(new(ValidationStatusCodes.AssertionActionRedactionMismatch, url,
            $"c2pa.redacted (action {index}) says it redacted {redacted}, which the claim's redacted_assertions does not list"));
    }

    /// <summary>
    /// §15.10.3.2.4 and §18.17.3 (CDDL time-stamp.cddl): a <c>c2pa.time-stamp</c> assertion is one CBOR map of at
    /// least one manifest label (text) → time-stamp token (bstr), and a manifest has at most one.
    /// </summary>
    private static void CheckTimeStampAssertion(Assertion assertion, string url, int ordinal, List<ValidationFinding> findings)
    {
        if (ordinal > 1)
        {
            findings.Add(new(ValidationStatusCodes.AssertionTimestampMalformed, url, "the manifest has more than one c2pa.time-stamp assertion; at most one is allowed (§18.17.3)"));
        }

        if (TimeStampAssertionProblem(assertion) is { } problem)
        {
            findings.Add(new(ValidationStatusCodes.AssertionTimestampMalformed, url, $"{assertion.Label} {problem}"));
        }
    }

    /// <summary>Null when the payload is a time-stamp-map, else what is wrong with it.</summary>
    internal static string? TimeStampAssertionProblem(Assertion assertion)
    {
        _ = TimeStampAssertion.TryRead(assertion, out var problem);
        return problem;
    }

    /// <summary>§15.10.3.2.3: a <c>c2pa.metadata</c> assertion holds only fields of the allow-list (JSON-LD keywords aside).</summary>
    private void CheckMetadata(Assertion assertion, string url, List<ValidationFinding> findings)
    {
        MetadataAssertion metadata;
        try
        {
            metadata = MetadataAssertion.Read(assertion, Decode);
        }
        catch (MalformedContentException)
        {
            return; // reported as assertion.cbor.invalid / assertion.json.invalid by the reference check
        }

        var disallowed = metadata.DisallowedFields();
        if (disallowed.Count > 0)
        {
            findings.Add(new(ValidationStatusCodes.AssertionMetadataDisallowed, url,
                $"{assertion.Label} holds field(s) outside the allowed list: {string.Join(", ", disallowed)}"));
        }
    }

    /// <summary>§15.10.3.2.1: the fields of a <c>c2pa.cloud-data</c> assertion and what it may point to.</summary>
    private void CheckCloudData(Manifest manifest, Assertion assertion, string url, List<ValidationFinding> findings)
    {
        CloudDataAssertion? cloudData;
        try
        {
            cloudData = CloudDataAssertion.Read(assertion, Decode);
        }
        catch (MalformedContentException)
        {
            cloudData = null; // does not decode, or is not a map: none of its fields can be read
        }

        var missing = cloudData is null ? "all" : string.Join(", ", cloudData.MissingFields);
        if (missing.Length > 0)
        {
            findings.Add(new(ValidationStatusCodes.AssertionCloudDataMalformed, url, $"{assertion.Label} lacks required field(s): {missing} (label, size, location and content_type are required)"));
            return;
        }

        var label = cloudData!.Label is { } target ? Assertion.SplitInstance(target).BaseLabel : null;
        if (label is not null && AssertionLabels.IsHardBinding(label))
        {
            findings.Add(new(ValidationStatusCodes.AssertionCloudDataHardBinding, url, $"{assertion.Label} points to a {label} hard binding, which must be in the manifest itself"));
        }
        else if (label is not null && AssertionLabels.IsActions(label) && manifest.Kind == ManifestKind.Update)
        {
            findings.Add(new(ValidationStatusCodes.AssertionCloudDataActions, url, $"{assertion.Label} in an update manifest points to {label}, which an update must carry itself"));
        }
    }


    /// <summary>
    /// Spec 2.4 §18.10: a soft binding must be readable and name an algorithm (its own <c>alg</c> or the claim's
    /// <c>alg_soft</c>); the algorithm should be on the C2PA list (§18.10.4, a "should" since 2.4, hence informational)
    /// and not deprecated there. None of this rejects the claim: §15 defines no failure for soft bindings, and a
    /// binding that cannot be used only means the manifest cannot be found by it.
    /// </summary>
    private static void CheckSoftBinding(Claim claim, Assertion assertion, string url, List<ValidationFinding> findings)
    {
        SoftBindingAssertion binding;
        try
        {
            binding = SoftBindingAssertion.Read(assertion);
        }
        catch (MalformedContentException e)
        {
            if (e.StatusCode == ValidationStatusCodes.SoftBindingMalformed)
            {
                findings.Add(new(ValidationStatusCodes.SoftBindingMalformed, url, e.Message));
            }

            return; // undecodable CBOR is reported by the reference check as assertion.cbor.invalid
        }

        if (binding.EffectiveAlgorithm(claim.SoftBindingAlgorithm) is not { } alg)
        {
            findings.Add(new(ValidationStatusCodes.SoftBindingMalformed, url, $"{assertion.Label} has no alg and the claim has no alg_soft (spec 2.4 §18.10.2)"));
        }
        else if (SoftBindingAlgorithmList.Bundled.Find(alg) is not { } listed)
        {
            findings.Add(new(ValidationStatusCodes.SoftBindingAlgorithmUnlisted, url,
                $"{assertion.Label} uses {alg}, which is not on the C2PA soft binding algorithm list of {SoftBindingAlgorithmList.SnapshotDate}"));
        }
        else if (listed.Deprecated)
        {
            findings.Add(new(ValidationStatusCodes.AlgorithmDeprecated, url, $"{assertion.Label} uses {alg}, which the C2PA soft binding algorithm list marks deprecated (spec 2.4 §18.10.4)"));
        }
    }

    private ActionsAssertion? TryReadActions(Assertion assertion)
    {
        try
        {
            return ActionsAssertion.Read(assertion, Decode);
        }
        catch (MalformedContentException)
        {
            return null; // a decoding error is reported by the reference check; one that is not a map has no actions array
        }
    }
}
