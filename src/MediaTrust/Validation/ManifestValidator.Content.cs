using MediaTrust.Assertions;
using MediaTrust.Bindings;
using MediaTrust.IO;
using MediaTrust.Manifests;
using MediaTrust.Spec;

namespace MediaTrust.Validation;

internal sealed partial class ManifestValidator
{
    /// <summary>§15.12: validates the asset's content against the hard binding that governs it.</summary>
    private IntegrityStatus CheckContent(Manifest active, AssetContext? asset, List<ValidationFinding> findings,
        CancellationToken cancellationToken)
    {
        // Update manifests carry no hard binding: follow parentOf to the first standard manifest.
        var governing = active;
        for (var hops = 0; governing is not null && governing.Kind == ManifestKind.Update && hops <= _options.MaxIngredientDepth; hops++)
        {
            governing = ParentOf(governing);
        }

        var binding = governing?.Assertions.FirstOrDefault(a => AssertionLabels.IsValidatedHardBinding(a.BaseLabel));
        if (governing is null || binding is null)
        {
            findings.Add(new(ValidationStatusCodes.ClaimHardBindingsMissing, JumbfUri.ForManifest(active.Label),
                governing is null ? "no standard manifest was found up the chain of parentOf ingredients" : "the manifest has no hard binding to the asset's content"));
            // The signer bound no content (a conformance failure, docs/validation.md): nothing can be checked, nothing is shown changed.
            return IntegrityStatus.NotChecked;
        }

        if (asset is null)
        {
            return IntegrityStatus.NotChecked;
        }

        var url = JumbfUri.ForAssertion(governing.Label, binding.Label);
        var claimAlgorithm = SafeClaim(governing)?.Algorithm;
        IReadOnlyList<BindingFinding> results;
        try
        {
            if (ValidateBinding(binding, binding.BaseLabel, claimAlgorithm, asset.Stream, asset.Format, asset.Layout, asset.StoreCarriage,
                    asset.Fragments, updatesFollow: !ReferenceEquals(governing, active), cancellationToken) is not { } checkedResults)
            {
                // A collection data hash binds files beside the asset, which a single stream cannot show.
                return IntegrityStatus.NotChecked;
            }

            results = checkedResults;
        }
        catch (MalformedContentException e)
        {
            results = [new(e.StatusCode, e.Reason)];
        }

        // §15.12.1.1, §15.12.2, §15.12.4: when the hard binding does not match and the manifest has a multi-asset
        // hash, the parts it lists decide instead, and the hard binding's failure is not recorded.
        var multiAsset = governing.Assertions.Where(a => a.BaseLabel == MultiAssetHashAssertion.Label).ToList();
        if (multiAsset.Count > 0 && results.Any(r => r.Code is ValidationStatusCodes.AssertionDataHashMismatch or ValidationStatusCodes.AssertionBoxesHashMismatch or ValidationStatusCodes.AssertionBmffHashMismatch))
        {
            var multiAssetUrl = JumbfUri.ForAssertion(governing.Label, multiAsset[0].Label);
            IReadOnlyList<BindingFinding>? partResults;
            string? notChecked;
            try
            {
                partResults = ValidateMultiAsset(governing, multiAsset, claimAlgorithm, asset, out notChecked, cancellationToken);
            }
            catch (MalformedContentException e)
            {
                (partResults, notChecked) = ([new(e.StatusCode == ValidationStatusCodes.AssertionCborInvalid ? ValidationStatusCodes.AssertionMultiAssetHashMalformed : e.StatusCode, e.Reason)], null);
            }

            if (partResults is null)
            {
                findings.Add(new(ValidationStatusCodes.MultiAssetHashNotChecked, multiAssetUrl, notChecked!));
            }
            else
            {
                (url, results) = (multiAssetUrl, partResults);
            }
        }

        foreach (var result in results)
        {
            findings.Add(new(result.Code, url, result.Explanation));
        }

        // Only a mismatch (or a part or box that is missing or unexpected) is tampering; a malformed binding is a conformance
        // failure, after which the content could not be checked (docs/validation.md, "Which axis each code speaks to").
        var failed = results.Where(r => ValidationStatusCodes.KindOf(r.Code) == ValidationStatusKind.Failure).ToList();
        return failed.Any(r => StatusAxes.AxisOf(r.Code) == ValidationAxis.Integrity) ? IntegrityStatus.Tampered
            : failed.Count > 0 || results.Count == 0 ? IntegrityStatus.NotChecked
            : IntegrityStatus.Intact;
    }

    /// <summary>
    /// Checks one hard binding (data, box or BMFF hash; <paramref name="kind"/> is its base label) over
    /// <paramref name="stream"/>; null for a kind a single stream cannot check (a collection data hash).
    /// </summary>
    private static IReadOnlyList<BindingFinding>? ValidateBinding(Assertion binding, string kind, string? claimAlgorithm, Stream stream,
        Formats.IAssetFormat? format, Formats.AssetLayout layout, IReadOnlyList<ByteRange> storeCarriage, IReadOnlyList<Stream>? fragments,
        bool updatesFollow, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case DataHashAssertion.Label:
                return DataHashValidator.Validate(DataHashAssertion.Read(binding.Data), claimAlgorithm, stream,
                    storeCarriage, exactStoreExclusion: format is { ExactStoreExclusion: true }, updatesFollow, cancellationToken);
            case BoxHashAssertion.Label:
                // A box hash needs every box; a fast-path layout (JPEG stops at SOS) is completed from where it stopped.
                var boxes = format is null ? layout.Boxes : format.CompleteLayout(stream, layout, cancellationToken).Boxes;
                return BoxHashValidator.Validate(BoxHashAssertion.Read(binding.Data), claimAlgorithm, stream, boxes, cancellationToken);
            case AssertionLabels.BmffHashV2 or AssertionLabels.BmffHashV3:
                return fragments is not null
                    ? BmffHashValidator.ValidateFragments(BmffHashAssertion.Read(binding.Data), claimAlgorithm, stream, fragments, cancellationToken)
                    : BmffHashValidator.Validate(BmffHashAssertion.Read(binding.Data), claimAlgorithm, stream, cancellationToken);
            default:
                return null;
        }
    }

    /// <summary>
    /// §15.12.4: validates the multi-asset hash (§18.9) that stands in for a hard binding that did not match.
    /// Parts are located (an optional part that is gone is skipped), must tile the asset exactly, and each is
    /// checked with its own <c>c2pa.hash.*.part</c> assertion over its bytes alone, as if it were a file.
    /// </summary>
    /// <remarks>
    /// Readings where §15.12.4 leaves room: a byte range that starts at or past the end of the asset is a part
    /// that is "not present" (what removing a trailing optional part leaves), while one that starts inside and
    /// runs past the end is malformed; exclusions of a part's data hash count from the part's start. Parts
    /// located by <c>bmffBox</c> are not located yet: this returns null with <paramref name="notChecked"/>, and the hard
    /// binding's failure stands beside a note.
    /// </remarks>
    private IReadOnlyList<BindingFinding>? ValidateMultiAsset(Manifest manifest, List<Assertion> assertions, string? claimAlgorithm, AssetContext asset,
        out string? notChecked, CancellationToken cancellationToken)
    {
        notChecked = null;
        const string Malformed = ValidationStatusCodes.AssertionMultiAssetHashMalformed;
        if (assertions.Count > 1)
        {
            return [new(Malformed, $"the manifest has {assertions.Count} multi-asset hash assertions; at most one is allowed (§15.12.4)")];
        }

        var parts = MultiAssetHashAssertion.Read(assertions[0].Data).Parts;
        if (parts.Count == 0)
        {
            return [new(Malformed, "the multi-asset hash lists no parts")];
        }

        var length = asset.Stream.Length;
        var located = new List<(int Index, ByteRange Range, MultiAssetPart Part)>();
        var skipped = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part.HashAssertionUrl is null)
            {
                return [new(Malformed, $"part {i + 1} has no hashAssertion")];
            }

            if (part.BmffBox is not null && part.ByteOffset is null && part.Length is null)
            {
                notChecked = $"part {i + 1} is located by the BMFF box '{part.BmffBox}', which MediaTrust does not locate yet, so the multi-asset hash could not stand in for the hard binding";
                return null;
            }

            if (part.ByteOffset is not { } offset || part.Length is not { } partLength || offset < 0 || partLength < 0 || part.BmffBox is not null)
            {
                return [new(Malformed, $"part {i + 1} needs a location of either byteOffset and length (non-negative) or bmffBox")];
            }

            if (offset >= length)
            {
                if (!part.Optional)
                {
                    return [new(ValidationStatusCodes.AssertionMultiAssetHashMissingPart, $"part {i + 1} (bytes {offset}–{offset + partLength}) is not in the asset of {length} bytes, and it is not optional")];
                }

                skipped++;
                continue;
            }

            if (partLength > length - offset)
            {
                return [new(Malformed, $"part {i + 1} (bytes {offset}–{offset + partLength}) runs past the end of the asset ({length} bytes)")];
            }

            located.Add((i, new ByteRange(offset, partLength), part));
        }

        // The located parts, in file order, must tile the asset: contiguous, not overlapping, every byte.
        var expectedStart = 0L;
        foreach (var (index, range, _) in located.OrderBy(p => p.Range.Start))
        {
            if (range.Start != expectedStart)
            {
                return [new(Malformed, range.Start < expectedStart
                    ? $"part {index + 1} overlaps the part before it (it starts at {range.Start}, before {expectedStart})"
                    : $"bytes {expectedStart}–{range.Start} belong to no part")];
            }

            expectedStart = range.End;
        }

        if (expectedStart != length)
        {
            return [new(Malformed, $"bytes {expectedStart}–{length} belong to no part")];
        }

        foreach (var (index, range, part) in located)
        {
            var box = _store.Resolve(part.HashAssertionUrl!, manifest);
            var hashAssertion = box is null ? null : manifest.FindAssertion(box);
            const string PartSuffix = ".part";
            if (hashAssertion is null || !hashAssertion.BaseLabel.EndsWith(PartSuffix, StringComparison.Ordinal))
            {
                return [new(Malformed, $"part {index + 1}'s hashAssertion {part.HashAssertionUrl} does not name a part hash assertion (c2pa.hash.*.part) in this manifest")];
            }

            if (part.HashAssertionHash is { } expected
                && HashAlgorithms.TryGet(HashAlgorithms.Nearest(part.HashAssertionAlgorithm, claimAlgorithm, "sha256"), out var uriAlgorithm)
                && !HashMatches(uriAlgorithm, box!.Raw[box.HeaderLength..], expected))
            {
                return [new(ValidationStatusCodes.HashedURIMismatch, $"the hash of {part.HashAssertionUrl} does not match: it was changed after signing")];
            }

            using var window = new StreamWindow(asset.Stream, range.Start, range.Length);
            var kind = hashAssertion.BaseLabel[..^PartSuffix.Length];
            // The part is parsed as the file it is: its boxes for a box hash, JPEG's exclusion rule for a data hash.
            var format = Formats.AssetFormats.Detect(window);
            window.Position = 0;
            var carriage = asset.StoreCarriage.Where(r => r.Start >= range.Start && r.End <= range.End)
                .Select(r => new ByteRange(r.Start - range.Start, r.Length)).ToList();
            var results = ValidateBinding(hashAssertion, kind, claimAlgorithm, window, format, Formats.AssetLayout.Unread, carriage,
                fragments: null, updatesFollow: false, cancellationToken);
            if (results is null)
            {
                return [new(Malformed, $"part {index + 1}'s hash assertion {hashAssertion.Label} is not a data, box or BMFF hash")];
            }

            if (results.FirstOrDefault(r => ValidationStatusCodes.KindOf(r.Code) == ValidationStatusKind.Failure) is { Code: not null } failure)
            {
                return [new(ValidationStatusCodes.AssertionMultiAssetHashMismatch, $"part {index + 1} (bytes {range.Start}–{range.End}) does not match {hashAssertion.Label}: {failure.Explanation}")];
            }
        }

        return [new(ValidationStatusCodes.AssertionMultiAssetHashMatch,
            $"the hard binding does not cover the asset as it is, but every part of the multi-asset hash matches ({located.Count} part(s){(skipped > 0 ? $"; {skipped} optional part(s) removed" : string.Empty)})")];
    }

    private static Claim? SafeClaim(Manifest manifest)
    {
        try
        {
            return manifest.GetClaim();
        }
        catch (MalformedContentException)
        {
            return null;
        }
    }
}
