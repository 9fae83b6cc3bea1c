using System.Security.Cryptography;
using MediaTrust.Assertions;
using MediaTrust.Cbor;
using MediaTrust.Formats.Bmff;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Bindings;

/// <summary>
/// Fragmented MP4 split across files (spec 2.2 §15.12.2.2, §A.5.4.1.2): one Merkle tree per track; the
/// initialization segment is bound by the tree's <c>initHash</c>, each fragment file by a leaf that its
/// auxiliary <c>uuid</c> C2PA box (purpose <c>merkle</c>, before the <c>moof</c>) locates and proves.
/// </summary>
internal static partial class BmffHashValidator
{
    /// <summary>Most fragment files validated against one manifest.</summary>
    public const int MaxFragments = 1_000_000;

    /// <summary>
    /// Validates a fragmented asset: <paramref name="init"/> is the initialization segment (which carries the
    /// manifest), <paramref name="fragments"/> the fragment files (<c>moof</c>+<c>mdat</c>), in any order.
    /// </summary>
    public static IReadOnlyList<BindingFinding> ValidateFragments(BmffHashAssertion assertion, string? claimAlgorithm, Stream init,
        IReadOnlyList<Stream> fragments, CancellationToken cancellationToken = default)
    {
        if (CheckShape(assertion, claimAlgorithm, out var exclusions, out var algorithmName, out _) is { } problem)
        {
            return [problem];
        }

        // §15.12.2.2: fragments are bound only through Merkle trees, and every tree of a fragmented asset has an initHash (A.5.4.2 CDDL).
        if (assertion.Merkle.Count == 0)
        {
            return [new(ValidationStatusCodes.AssertionBmffHashMalformed, "the BMFF hash has no Merkle trees, so it cannot bind fragments")];
        }

        var trees = new List<(BmffMerkleMap Tree, HashAlgorithmName Algorithm)>(assertion.Merkle.Count);
        foreach (var tree in assertion.Merkle)
        {
            var name = tree.Algorithm ?? algorithmName!;
            if (!HashAlgorithms.TryGet(name, out var treeAlgorithm))
            {
                return [new(ValidationStatusCodes.AlgorithmUnsupported, $"Merkle hash algorithm '{name}' is not on the C2PA allowed list")];
            }

            if (tree.InitHash is null)
            {
                return [new(ValidationStatusCodes.AssertionBmffHashMalformed, $"Merkle tree {tree.UniqueId}/{tree.LocalId} has no initHash, which fragmented MP4 requires")];
            }

            if (tree.Count < 1 || tree.Hashes.Count == 0 || tree.Hashes.Count > tree.Count)
            {
                return [new(ValidationStatusCodes.AssertionBmffHashMalformed, $"Merkle tree {tree.UniqueId}/{tree.LocalId} counts {tree.Count} leaves but records {tree.Hashes.Count} hashes")];
            }

            trees.Add((tree, treeAlgorithm));
        }

        if (fragments.Count > MaxFragments)
        {
            return [new(ValidationStatusCodes.AssertionBmffHashMalformed, $"{fragments.Count} fragments are more than the {MaxFragments} accepted")];
        }

        // initHash: the whole initialization segment file minus the exclusions, hashed as a file hash is (A.5.4.2 CDDL).
        var initRoots = BmffTree.Read(init, cancellationToken);
        var initExcluded = ExcludedRanges(initRoots, exclusions, init);
        foreach (var (tree, algorithm) in trees)
        {
            if (!HashRoots(initRoots, initExcluded, init, algorithm, cancellationToken).AsSpan().SequenceEqual(tree.InitHash))
            {
                return [new(ValidationStatusCodes.AssertionBmffHashMismatch, $"the initialization segment does not match the initHash of Merkle tree {tree.UniqueId}/{tree.LocalId}")];
            }
        }

        for (var index = 0; index < fragments.Count; index++)
        {
            if (CheckFragment(fragments[index], index, trees, exclusions, cancellationToken) is { } fragmentProblem)
            {
                return [fragmentProblem];
            }
        }

        var what = fragments.Count == 1 ? "fragment" : "fragments";
        return [new(ValidationStatusCodes.AssertionBmffHashMatch, $"the initialization segment and {fragments.Count} {what} match the BMFF hash's Merkle trees")];
    }

    private static BindingFinding? CheckFragment(Stream fragment, int index, List<(BmffMerkleMap Tree, HashAlgorithmName Algorithm)> trees,
        IReadOnlyList<BmffExclusion> exclusions, CancellationToken cancellationToken)
    {
        var roots = BmffTree.Read(fragment, cancellationToken);
        int moofs = 0, mdats = 0;
        BmffBox? aux = null;
        foreach (var root in roots)
        {
            switch (root.Type)
            {
                case "moof": moofs++; break;
                case "mdat": mdats++; break;
                default:
                    if (root.IsC2pa && BmffTree.ReadPurpose(fragment, root) == "merkle")
                    {
                        if (aux is not null)
                        {
                            return new(ValidationStatusCodes.AssertionBmffHashMalformed, $"fragment {index} has more than one auxiliary C2PA merkle box");
                        }

                        aux = root;
                    }

                    break;
            }
        }

        // §A.5.4.1.2: one moof and one mdat per fragment file; the auxiliary box is required (§15.12.2.2).
        if (moofs != 1 || mdats != 1)
        {
            return new(ValidationStatusCodes.AssertionBmffHashMalformed, $"fragment {index} has {moofs} moof and {mdats} mdat boxes; a fragment file holds exactly one of each");
        }

        if (aux is null)
        {
            return new(ValidationStatusCodes.AssertionBmffHashMalformed, $"fragment {index} has no auxiliary C2PA merkle box");
        }

        var proof = MerkleProof.Decode(fragment, aux);
        var match = trees.FindIndex(t => t.Tree.UniqueId == proof.UniqueId && t.Tree.LocalId == proof.LocalId);
        if (match < 0)
        {
            return new(ValidationStatusCodes.AssertionBmffHashMismatch, $"fragment {index} names Merkle tree {proof.UniqueId}/{proof.LocalId}, which the manifest does not have");
        }

        var (tree, algorithm) = trees[match];
        var leaf = HashRoots(roots, ExcludedRanges(roots, exclusions, fragment), fragment, algorithm, cancellationToken);
        return ProvesRow(tree, algorithm, leaf, proof)
            ? null
            : new(ValidationStatusCodes.AssertionBmffHashMismatch, $"fragment {index} (leaf {proof.Location} of Merkle tree {proof.UniqueId}/{proof.LocalId}) does not match the manifest");
    }

    /// <summary>
    /// Climbs from the leaf at <c>location</c> to the row the manifest stores (A.5.4.2): at each level a node with a
    /// sibling is combined with the next proof hash (left node first); a lone last node moves up unchanged and uses
    /// no proof hash ("null hashes are not included"). The result must equal the stored row's hash at that index.
    /// </summary>
    internal static bool ProvesRow(BmffMerkleMap tree, HashAlgorithmName algorithm, byte[] leaf, MerkleProof proof)
    {
        if (proof.Location < 0 || proof.Location >= tree.Count)
        {
            return false;
        }

        var node = leaf;
        var index = proof.Location;
        var width = tree.Count;
        var used = 0;
        while (width > tree.Hashes.Count)
        {
            var sibling = index ^ 1;
            if (sibling < width)
            {
                if (used >= proof.Hashes.Count)
                {
                    return false;
                }

                var other = proof.Hashes[used++];
                node = (index & 1) == 0 ? HashPair(algorithm, node, other) : HashPair(algorithm, other, node);
            }

            index /= 2;
            width = (width + 1) / 2;
        }

        return used == proof.Hashes.Count && width == tree.Hashes.Count && node.AsSpan().SequenceEqual(tree.Hashes[(int)index]);
    }
}

/// <summary>The CBOR of an auxiliary C2PA merkle box (spec 2.2 §A.5.4.2, CDDL <c>bmff-merkle-map</c> of the box).</summary>
internal sealed record MerkleProof(long UniqueId, long LocalId, long Location, IReadOnlyList<byte[]> Hashes)
{
    /// <summary>An auxiliary box's CBOR is a few hashes; anything larger is hostile.</summary>
    private const int MaxLength = 1 << 20;

    /// <summary>Reads the box's data after version/flags and <c>box_purpose</c>; trailing padding is allowed (§A.5.4.1.3).</summary>
    public static MerkleProof Decode(Stream fragment, BmffBox box)
    {
        var start = box.DataOffset + 4 + "merkle\0".Length;
        if (box.End - start > MaxLength)
        {
            throw new MalformedContentException($"auxiliary C2PA merkle box of {box.Size} bytes is larger than {MaxLength}", ValidationStatusCodes.AssertionBmffHashMalformed, box.Offset, box.Path);
        }

        var data = Formats.Common.AssetStream.ReadBytes(fragment, start, box.End - start, box.Path, MaxLength);
        return CborFields.Decode("auxiliary merkle box", ValidationStatusCodes.AssertionBmffHashMalformed, () =>
        {
            var reader = CborFields.Open(data);
            long uniqueId = 0, localId = 0;
            long? location = null;
            var hashes = new List<byte[]>();
            CborFields.ReadMap(reader, "merkle box", ValidationStatusCodes.AssertionBmffHashMalformed, field =>
            {
                switch (field)
                {
                    case "uniqueId": uniqueId = reader.ReadInt64(); break;
                    case "localId": localId = reader.ReadInt64(); break;
                    case "location": location = reader.ReadInt64(); break;
                    case "hashes":
                        if (!CborFields.SkipNull(reader))
                        {
                            CborFields.ReadArray(reader, "hashes", ValidationStatusCodes.AssertionBmffHashMalformed, () => hashes.Add(reader.ReadByteString()));
                        }

                        break;
                    default: reader.SkipValue(); break;
                }
            });
            return location is { } at
                ? new MerkleProof(uniqueId, localId, at, hashes)
                : throw new MalformedContentException("auxiliary C2PA merkle box has no location", ValidationStatusCodes.AssertionBmffHashMalformed, box.Offset, box.Path);
        });
    }
}
