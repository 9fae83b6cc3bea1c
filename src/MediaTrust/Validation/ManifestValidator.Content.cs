using MediaTrust.Assertions;
using MediaTrust.Bindings;
using MediaTrust.Formats.Jpeg;
using MediaTrust.IO;
using MediaTrust.Manifests;

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

        var binding = governing?.Assertions.FirstOrDefault(a => HardBindingLabels.Contains(a.BaseLabel));
        if (governing is null || binding is null)
        {
            findings.Add(new(ValidationStatusCodes.ClaimHardBindingsMissing, JumbfUri.ForManifest(active.Label),
                governing is null ? "no standard manifest was found up the chain of parentOf ingredients" : "the manifest has no hard binding to the asset's content"));
            return IntegrityStatus.Tampered;
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
            switch (binding.BaseLabel)
            {
                case DataHashAssertion.Label:
                    results = DataHashValidator.Validate(DataHashAssertion.Decode(binding.Data), claimAlgorithm, asset.Stream,
                        asset.StoreCarriage, exactStoreExclusion: asset.Format is JpegFormat, updatesFollow: !ReferenceEquals(governing, active), cancellationToken);
                    break;
                case BoxHashAssertion.Label:
                    // The reader's quick scan may stop at the image data (JPEG stops at SOS); a box hash needs every box.
                    var boxes = asset.Format is null ? asset.Layout.Boxes : asset.Format.ReadLayout(asset.Stream, cancellationToken).Boxes;
                    results = BoxHashValidator.Validate(BoxHashAssertion.Decode(binding.Data), claimAlgorithm, asset.Stream, boxes, cancellationToken);
                    break;
                case "c2pa.hash.bmff.v2" or "c2pa.hash.bmff.v3":
                    results = asset.Fragments is { } fragments
                        ? BmffHashValidator.ValidateFragments(BmffHashAssertion.Decode(binding.Data), claimAlgorithm, asset.Stream, fragments, cancellationToken)
                        : BmffHashValidator.Validate(BmffHashAssertion.Decode(binding.Data), claimAlgorithm, asset.Stream, cancellationToken);
                    break;
                default:
                    // A collection data hash binds files beside the asset, which a single stream cannot show.
                    return IntegrityStatus.NotChecked;
            }
        }
        catch (MalformedContentException e)
        {
            results = [new(e.StatusCode, e.Reason)];
        }

        foreach (var result in results)
        {
            findings.Add(new(result.Code, url, result.Explanation));
        }

        return results.Any(r => ValidationStatusCodes.KindOf(r.Code) == ValidationStatusKind.Failure)
            ? IntegrityStatus.Tampered
            : results.Count == 0 ? IntegrityStatus.NotChecked : IntegrityStatus.Intact;
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
