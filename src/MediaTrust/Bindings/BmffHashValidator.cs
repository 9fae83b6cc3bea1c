using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using MediaTrust.Assertions;
using MediaTrust.Formats.Bmff;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Bindings;

/// <summary>Validates a <c>c2pa.hash.bmff.v2/v3</c> hard binding against an ISO BMFF file (spec 2.2 §15.12.2, §18.6.2).</summary>
internal static partial class BmffHashValidator
{
    /// <summary>
    /// The exclusions of the <c>c2pa.hash.bmff.v3</c> assertion this library writes (as c2pa-rs does): every C2PA
    /// <c>uuid</c> box (recognised by its extended type at offset 8), <c>ftyp</c> (its brands may change on
    /// embedding) and <c>mfra</c> (its offsets into fragments move).
    /// </summary>
    public static IReadOnlyList<BmffExclusion> SigningExclusions { get; } =
    [
        new("/uuid", null, null, null, false, [(8, C2paBoxes.BmffUuid.ToArray())], null),
        new("/ftyp", null, null, null, false, [], null),
        new("/mfra", null, null, null, false, [], null),
    ];

    /// <summary>The hash of <paramref name="asset"/> under <see cref="SigningExclusions"/>, as <see cref="Validate"/> will check it.</summary>
    public static byte[] HashForSigning(Stream asset, CancellationToken cancellationToken) =>
        ComputeHash(SigningExclusions, asset, HashAlgorithmName.SHA256, cancellationToken);

    public static IReadOnlyList<BindingFinding> Validate(BmffHashAssertion assertion, string? claimAlgorithm, Stream asset,
        CancellationToken cancellationToken = default)
    {
        if (CheckShape(assertion, claimAlgorithm, out var exclusions, out var algorithmName, out var algorithm) is { } problem)
        {
            return [problem];
        }

        var roots = BmffTree.Read(asset, cancellationToken);

        if (assertion.Hash is null && assertion.Merkle.Count == 0)
        {
            return Fail(ValidationStatusCodes.AssertionBmffHashMismatch, "the BMFF hash has neither a hash nor Merkle trees");
        }

        if (assertion.Hash is not null)
        {
            if (!HashRoots(roots, ExcludedRanges(roots, exclusions, asset), asset, algorithm, cancellationToken).AsSpan().SequenceEqual(assertion.Hash))
            {
                return Fail(ValidationStatusCodes.AssertionBmffHashMismatch, "the file's boxes do not match the BMFF hash: the content was changed after signing");
            }
        }

        if (assertion.Merkle.Count > 0 && CheckMerkle(assertion, algorithmName!, roots, asset, cancellationToken) is { } merkleProblem)
        {
            return [merkleProblem];
        }

        return [new(ValidationStatusCodes.AssertionBmffHashMatch, "the file's boxes match the BMFF hash")];

        static List<BindingFinding> Fail(string code, string explanation) => [new(code, explanation)];
    }

    /// <summary>The checks that need no asset: exclusions present and well-formed (§15.12.2, §18.6.2), the algorithm allowed.</summary>
    private static BindingFinding? CheckShape(BmffHashAssertion assertion, string? claimAlgorithm, out IReadOnlyList<BmffExclusion> exclusions,
        out string? algorithmName, out HashAlgorithmName algorithm)
    {
        // §15.12.2: exclusions are mandatory (the manifest box itself must be excluded).
        exclusions = assertion.Exclusions ?? [];
        algorithmName = null;
        algorithm = default;
        if (exclusions.Count == 0)
        {
            return new BindingFinding(ValidationStatusCodes.AssertionBmffHashMalformed, "the BMFF hash has no exclusions");
        }

        foreach (var exclusion in exclusions)
        {
            if (!IsValidXPath(exclusion.XPath))
            {
                return new BindingFinding(ValidationStatusCodes.AssertionBmffHashMalformed, $"exclusion xpath '{exclusion.XPath}' is outside the syntax §18.6.2 allows");
            }

            if (exclusion.Subset is { } subset)
            {
                var previousEnd = 0L;
                foreach (var (offset, length) in subset)
                {
                    if (offset < 0 || length < 0 || offset < previousEnd)
                    {
                        return new BindingFinding(ValidationStatusCodes.AssertionBmffHashMalformed, $"the subsets of exclusion '{exclusion.XPath}' are negative, unordered or overlapping");
                    }

                    previousEnd = length == 0 ? long.MaxValue : offset + length;
                }
            }
        }

        algorithmName = HashAlgorithms.Nearest(assertion.Algorithm, claimAlgorithm);
        if (!HashAlgorithms.TryGet(algorithmName, out algorithm))
        {
            return new BindingFinding(ValidationStatusCodes.AlgorithmUnsupported, $"hash algorithm '{algorithmName ?? "(none)"}' is not on the C2PA allowed list");
        }

        return null;
    }

    /// <summary>
    /// The flat BMFF hash of <paramref name="asset"/> under <paramref name="exclusions"/> (§18.6.2,
    /// v3 with root-box offsets): what a validator compares, and what a signer records.
    /// </summary>
    public static byte[] ComputeHash(IReadOnlyList<BmffExclusion> exclusions, Stream asset, HashAlgorithmName algorithm, CancellationToken cancellationToken = default)
    {
        var roots = BmffTree.Read(asset, cancellationToken);
        return HashRoots(roots, ExcludedRanges(roots, exclusions, asset), asset, algorithm, cancellationToken);
    }

    /// <summary>§18.6.2: each root box not wholly excluded contributes its absolute offset (8 bytes, big endian), then its bytes minus exclusions.</summary>
    private static byte[] HashRoots(IReadOnlyList<BmffBox> roots, Exclusions excluded, Stream asset, HashAlgorithmName algorithm, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        Span<byte> offsetBytes = stackalloc byte[8];
        foreach (var root in roots)
        {
            if (excluded.Whole.Contains(root))
            {
                continue;
            }

            BinaryPrimitives.WriteInt64BigEndian(offsetBytes, root.Offset);
            hash.AppendData(offsetBytes);
            var position = root.Offset;
            foreach (var range in excluded.Within(root))
            {
                RangeHasher.Append(hash, asset, new ByteRange(position, range.Start - position), cancellationToken);
                position = Math.Max(position, range.End);
            }

            RangeHasher.Append(hash, asset, new ByteRange(position, root.End - position), cancellationToken);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>§18.6.2 "Complete Syntax for xpath Field": '/' 4cc ('[' n ']')? ( '/' … )*.</summary>
    private static bool IsValidXPath(string xpath)
    {
        if (!xpath.StartsWith('/') || xpath.Contains("//", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var node in xpath[1..].Split('/'))
        {
            if (ParseNode(node) is null)
            {
                return false;
            }
        }

        return true;
    }

    private static (string Type, int? Index)? ParseNode(string node)
    {
        var bracket = node.IndexOf('[', StringComparison.Ordinal);
        var type = bracket < 0 ? node : node[..bracket];
        if (type.Length != 4)
        {
            return null;
        }

        if (bracket < 0)
        {
            return (type, null);
        }

        if (!node.EndsWith(']') || node[bracket + 1] == '0'
            || !int.TryParse(node.AsSpan(bracket + 1, node.Length - bracket - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1)
        {
            return null;
        }

        return (type, index);
    }

    private sealed class Exclusions
    {
        public HashSet<BmffBox> Whole { get; } = new(ReferenceEqualityComparer.Instance);

        public List<ByteRange> Partial { get; } = [];

        /// <summary>Excluded ranges inside <paramref name="root"/>, sorted by start.</summary>
        public IEnumerable<ByteRange> Within(BmffBox root) =>
            Whole.Where(b => b.Offset >= root.Offset && b.End <= root.End).Select(b => b.Range)
                .Concat(Partial.Where(r => r.Start >= root.Offset && r.End <= root.End))
                .OrderBy(r => r.Start);
    }

    private static Exclusions ExcludedRanges(IReadOnlyList<BmffBox> roots, IReadOnlyList<BmffExclusion> exclusions, Stream asset)
    {
        var result = new Exclusions();
        var all = roots.Concat(roots.SelectMany(r => r.Descendants())).ToList();
        foreach (var exclusion in exclusions)
        {
            var nodes = exclusion.XPath[1..].Split('/').Select(n => ParseNode(n)!.Value).ToArray();
            foreach (var box in all)
            {
                if (!Matches(box, nodes, exclusion, asset))
                {
                    continue;
                }

                if (exclusion.Subset is null)
                {
                    result.Whole.Add(box);
                    continue;
                }

                foreach (var (offset, length) in exclusion.Subset)
                {
                    // Bytes beyond the end of the box are never hashed anyway; clip to the box.
                    var start = box.Offset + Math.Min(offset, box.Size);
                    var end = length == 0 ? box.End : Math.Min(box.End, start + length);
                    if (end > start)
                    {
                        result.Partial.Add(new ByteRange(start, end - start));
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Whether <paramref name="box"/> sits at the xpath and meets the entry's conditions (§18.6.2).</summary>
    private static bool Matches(BmffBox box, (string Type, int? Index)[] nodes, BmffExclusion exclusion, Stream asset)
    {
        var chain = new List<BmffBox>();
        for (var b = box; b is not null && b.Type.Length > 0; b = b.Parent)
        {
            chain.Insert(0, b);
        }

        if (chain.Count != nodes.Length)
        {
            return false;
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            var (type, index) = nodes[i];
            if (chain[i].Type != type)
            {
                return false;
            }

            if (index is { } n && SiblingIndex(chain[i]) != n)
            {
                return false;
            }
        }

        if (exclusion.Length is { } length && box.Size != length)
        {
            return false;
        }

        if (exclusion.Version is not null || exclusion.Flags is not null)
        {
            Span<byte> fullBox = stackalloc byte[4];
            if (box.Size < box.HeaderLength + 4 || AssetStreamRead(asset, box.DataOffset, fullBox) < 4)
            {
                return false;
            }

            if (exclusion.Version is { } version && fullBox[0] != version)
            {
                return false;
            }

            if (exclusion.Flags is { Length: 3 } flags)
            {
                for (var i = 0; i < 3; i++)
                {
                    var actual = fullBox[1 + i];
                    if (exclusion.Exact ? actual != flags[i] : (actual & flags[i]) != flags[i])
                    {
                        return false;
                    }
                }
            }
        }

        foreach (var (offset, value) in exclusion.Data)
        {
            if (offset < 0 || value.Length > 1024 || offset + value.Length > box.Size)
            {
                return false;
            }

            var actual = new byte[value.Length];
            if (AssetStreamRead(asset, box.Offset + offset, actual) < value.Length || !actual.AsSpan().SequenceEqual(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The 1-based position of a box among its siblings of the same type.</summary>
    private static int SiblingIndex(BmffBox box)
    {
        var index = 0;
        foreach (var sibling in box.Parent!.Children)
        {
            if (sibling.Type == box.Type)
            {
                index++;
            }

            if (ReferenceEquals(sibling, box))
            {
                return index;
            }
        }

        return index;
    }

    private static int AssetStreamRead(Stream asset, long offset, Span<byte> buffer)
    {
        asset.Position = offset;
        return asset.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
    }

    /// <summary>
    /// §15.12.2.1: a non-fragmented file's Merkle trees, one per <c>mdat</c> (by <c>localId</c>): the
    /// payload is cut into leaves (whole, fixed or variable blocks), hashed, and combined up to the
    /// row the assertion records. Returns a finding when something is wrong, else null.
    /// </summary>
    private static BindingFinding? CheckMerkle(BmffHashAssertion assertion, string defaultAlgorithm, IReadOnlyList<BmffBox> roots, Stream asset,
        CancellationToken cancellationToken)
    {
        var mdats = roots.Where(b => b.Type == "mdat").ToList();
        foreach (var tree in assertion.Merkle)
        {
            if (tree.FixedBlockSize is not null && tree.VariableBlockSizes is not null)
            {
                return new(ValidationStatusCodes.AssertionBmffHashMalformed, "a Merkle map has both fixedBlockSize and variableBlockSizes");
            }

            if (tree.Count > tree.Hashes.Count)
            {
                return new(ValidationStatusCodes.AssertionBmffHashMalformed, $"a Merkle map counts {tree.Count} leaves but records only {tree.Hashes.Count} hashes");
            }

            if (tree.LocalId < 0 || tree.LocalId >= mdats.Count)
            {
                return new(ValidationStatusCodes.AssertionBmffHashMalformed, $"Merkle tree {tree.LocalId} has no matching mdat box (the file has {mdats.Count}); fragmented files need their auxiliary boxes");
            }

            var algorithmName = tree.Algorithm ?? defaultAlgorithm;
            if (!HashAlgorithms.TryGet(algorithmName, out var algorithm))
            {
                return new(ValidationStatusCodes.AlgorithmUnsupported, $"Merkle hash algorithm '{algorithmName}' is not on the C2PA allowed list");
            }

            var mdat = mdats[(int)tree.LocalId];
            var payload = new ByteRange(mdat.DataOffset, mdat.End - mdat.DataOffset);
            var leaves = new List<byte[]>();
            foreach (var block in Blocks(payload, tree))
            {
                if (leaves.Count > 1_000_000)
                {
                    return new(ValidationStatusCodes.AssertionBmffHashMalformed, "a Merkle tree has more than a million leaves");
                }

                leaves.Add(RangeHasher.HashRange(asset, block, algorithm, cancellationToken));
            }

            if (tree.VariableBlockSizes is { } sizes && (sizes.Count != tree.Count || sizes.Sum() != payload.Length))
            {
                return new(ValidationStatusCodes.AssertionBmffHashMalformed, "variableBlockSizes do not cover the mdat payload in exactly count blocks");
            }

            if (leaves.Count != tree.Count)
            {
                return new(ValidationStatusCodes.AssertionBmffHashMismatch, $"the mdat payload splits into {leaves.Count} leaves, the Merkle map counts {tree.Count}");
            }

            // Combine pairs up to the recorded row; a lone last node moves up unchanged.
            var row = leaves;
            while (row.Count > tree.Hashes.Count && row.Count > 1)
            {
                var next = new List<byte[]>((row.Count + 1) / 2);
                for (var i = 0; i < row.Count; i += 2)
                {
                    next.Add(i + 1 < row.Count ? HashPair(algorithm, row[i], row[i + 1]) : row[i]);
                }

                row = next;
            }

            if (row.Count != tree.Hashes.Count || row.Where((h, i) => !h.AsSpan().SequenceEqual(tree.Hashes[i])).Any())
            {
                return new(ValidationStatusCodes.AssertionBmffHashMismatch, $"Merkle tree {tree.LocalId} does not match the mdat payload");
            }
        }

        return null;
    }

    private static IEnumerable<ByteRange> Blocks(ByteRange payload, BmffMerkleMap tree)
    {
        if (tree.FixedBlockSize is { } size and > 0)
        {
            for (var start = payload.Start; start < payload.End; start += size)
            {
                yield return new ByteRange(start, Math.Min(size, payload.End - start));
            }
        }
        else if (tree.VariableBlockSizes is { } sizes)
        {
            var start = payload.Start;
            foreach (var blockSize in sizes)
            {
                var end = Math.Min(payload.End, start + Math.Max(0, blockSize));
                yield return new ByteRange(start, end - start);
                start = end;
            }
        }
        else
        {
            yield return payload;
        }
    }

    private static byte[] HashPair(HashAlgorithmName algorithm, byte[] left, byte[] right)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        hash.AppendData(left);
        hash.AppendData(right);
        return hash.GetHashAndReset();
    }
}
