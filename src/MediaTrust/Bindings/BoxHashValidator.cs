using System.Security.Cryptography;
using MediaTrust.Assertions;
using MediaTrust.Formats;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Bindings;

/// <summary>Validates a <c>c2pa.hash.boxes</c> hard binding against the boxes a format found (spec 2.2 §15.12.3).</summary>
internal static class BoxHashValidator
{
    public static IReadOnlyList<BindingFinding> Validate(BoxHashAssertion assertion, string? claimAlgorithm,
        Stream asset, IReadOnlyList<AssetBox> assetBoxes, CancellationToken cancellationToken = default)
    {
        if (assertion.Boxes is null)
        {
            return Fail(ValidationStatusCodes.AssertionBoxesHashMalformed, "the box hash assertion has no boxes field");
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in assertion.Boxes)
        {
            if (entry.Names is null || entry.Names.Count == 0)
            {
                return Fail(ValidationStatusCodes.AssertionBoxesHashMalformed, "a box hash entry has no names");
            }

            listed.UnionWith(entry.Names);
        }

        var next = 0;
        foreach (var entry in assertion.Boxes)
        {
            var first = next;
            foreach (var name in entry.Names!)
            {
                if (next >= assetBoxes.Count)
                {
                    return Fail(ValidationStatusCodes.AssertionBoxesHashMismatch, $"box '{name}' is listed but the asset has no more boxes");
                }

                var box = assetBoxes[next];
                if (!string.Equals(box.Name, name, StringComparison.Ordinal))
                {
                    // A box the assertion never names is unknown; a named box in the wrong place is out of order.
                    return listed.Contains(box.Name)
                        ? Fail(ValidationStatusCodes.AssertionBoxesHashMismatch, $"box '{box.Name}' at {box.Range} appears where '{name}' was hashed: the boxes are out of order")
                        : Fail(ValidationStatusCodes.AssertionBoxesHashUnknownBox, $"box '{box.Name}' at {box.Range} is not covered by the box hash");
                }

                next++;
            }

            // The manifest box's own hash is a placeholder (it cannot hash itself); skip it and explicit exclusions.
            if (entry.Excluded || (entry.Names!.Count == 1 && entry.Names[0] == C2paBoxes.BoxHashManifestName))
            {
                continue;
            }

            var algorithmName = HashAlgorithms.Nearest(entry.Algorithm, assertion.Algorithm, claimAlgorithm);
            if (!HashAlgorithms.TryGet(algorithmName, out var algorithm))
            {
                return Fail(ValidationStatusCodes.AlgorithmUnsupported, $"hash algorithm '{algorithmName ?? "(none)"}' is not on the C2PA allowed list");
            }

            if (entry.Hash is null)
            {
                return Fail(ValidationStatusCodes.AssertionBoxesHashMismatch, $"the entry for {string.Join(", ", entry.Names!)} has no hash");
            }

            var start = assetBoxes[first].Range.Start;
            var range = new ByteRange(start, assetBoxes[next - 1].Range.End - start);
            var actual = RangeHasher.HashRange(asset, range, algorithm, cancellationToken);
            if (!actual.AsSpan().SequenceEqual(entry.Hash))
            {
                return Fail(ValidationStatusCodes.AssertionBoxesHashMismatch, $"the bytes of {string.Join(", ", entry.Names!)} at {range} do not match their hash");
            }
        }

        if (next < assetBoxes.Count)
        {
            var box = assetBoxes[next];
            return Fail(ValidationStatusCodes.AssertionBoxesHashUnknownBox, $"box '{box.Name}' at {box.Range} is not covered by the box hash");
        }

        return [new(ValidationStatusCodes.AssertionBoxesHashMatch, "every box of the asset matches the box hash")];

        static List<BindingFinding> Fail(string code, string explanation) => [new(code, explanation)];
    }

    /// <summary>
    /// The hash of each of <paramref name="boxes"/> of <paramref name="asset"/>, each hashed on its own, for writing a
    /// <see cref="BoxHashAssertion"/>; the manifest's own box gets the placeholder hash 0x00.
    /// </summary>
    public static byte[][] HashEach(Stream asset, IReadOnlyList<AssetBox> boxes, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        var hashes = new byte[boxes.Count][];
        for (var i = 0; i < boxes.Count; i++)
        {
            hashes[i] = boxes[i].Name == C2paBoxes.BoxHashManifestName ? [0] : RangeHasher.HashRange(asset, boxes[i].Range, hashAlgorithm, cancellationToken);
        }

        return hashes;
    }
}
