using MediaTrust.Assertions;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Bindings;

/// <summary>Validates a <c>c2pa.hash.data</c> hard binding against the asset's bytes (spec 2.2 §15.12.1).</summary>
internal static class DataHashValidator
{
    /// <summary>
    /// Checks the exclusions, then hashes the asset outside them, streaming.
    /// </summary>
    /// <param name="assertion">The decoded assertion.</param>
    /// <param name="claimAlgorithm">The claim's <c>alg</c>, used when the assertion has none (§15.4).</param>
    /// <param name="asset">The asset, seekable.</param>
    /// <param name="storeCarriage">Where the format carries the manifest store (empty for a sidecar or remote store).</param>
    /// <param name="exactStoreExclusion">
    /// True for JPEG 1: the exclusion over the store must be exactly the C2PA APP11 segments, markers
    /// and lengths included (§15.12.1.2), so a tampered segment length cannot hide data.
    /// </param>
    /// <param name="updatesFollow">
    /// True when update manifests were added after this binding was signed: the exclusion that starts
    /// at the store then counts as the whole current store (§15.12.1.1), which has grown since.
    /// </param>
    /// <param name="cancellationToken">Cancels the hashing.</param>
    public static IReadOnlyList<BindingFinding> Validate(DataHashAssertion assertion, string? claimAlgorithm,
        Stream asset, IReadOnlyList<ByteRange> storeCarriage, bool exactStoreExclusion, bool updatesFollow = false,
        CancellationToken cancellationToken = default)
    {
        var findings = new List<BindingFinding>();
        var length = asset.Length;

        // §15.12.1.1: overlapping or negative ranges make the assertion malformed.
        var exclusions = new List<ByteRange>(assertion.Exclusions.Count);
        var previousEnd = 0L;
        foreach (var (start, rangeLength) in assertion.Exclusions)
        {
            if (start < 0 || rangeLength < 0 || start > long.MaxValue - rangeLength)
            {
                return Fail(ValidationStatusCodes.AssertionDataHashMalformed, $"exclusion range ({start}, {rangeLength}) has a negative start or length");
            }

            if (start < previousEnd)
            {
                return Fail(ValidationStatusCodes.AssertionDataHashMalformed, $"exclusion range starting at {start} overlaps the previous range ending at {previousEnd}");
            }

            exclusions.Add(new ByteRange(start, rangeLength));
            previousEnd = start + rangeLength;
        }

        var algorithmName = HashAlgorithms.Nearest(assertion.Algorithm, claimAlgorithm);
        if (!HashAlgorithms.TryGet(algorithmName, out var algorithm))
        {
            return Fail(ValidationStatusCodes.AlgorithmUnsupported, $"hash algorithm '{algorithmName ?? "(none)"}' is not on the C2PA allowed list");
        }

        if (assertion.Hash is null)
        {
            return Fail(ValidationStatusCodes.AssertionDataHashMismatch, "the data hash assertion has no hash value");
        }

        if (exclusions.Count > 0 && exclusions[^1].End > length)
        {
            return Fail(ValidationStatusCodes.AssertionDataHashMismatch, $"exclusion range {exclusions[^1]} ends beyond the end of the asset ({length} bytes)");
        }

        // §15.12.1.1: the exclusion that holds the store may hold only the store and zero padding;
        // any other exclusion is reported as informational. Store bytes the exclusion leaves out are
        // simply hashed (a signature cannot cover its own store, so they would not match).
        var store = Merge(storeCarriage);
        if (updatesFollow)
        {
            for (var i = 0; i < exclusions.Count; i++)
            {
                var grown = store.FirstOrDefault(b => b.Start == exclusions[i].Start);
                if (grown.Length > exclusions[i].Length)
                {
                    exclusions[i] = grown;
                }
            }
        }

        foreach (var exclusion in exclusions)
        {
            var block = store.FirstOrDefault(b => b.Start < exclusion.End && exclusion.Start < b.End);
            if (block.Length == 0)
            {
                findings.Add(new(ValidationStatusCodes.AssertionDataHashAdditionalExclusionsPresent,
                    $"the data hash also excludes {exclusion}, which is not the manifest store"));
                continue;
            }

            if (exactStoreExclusion && exclusion != block)
            {
                return Fail(ValidationStatusCodes.AssertionDataHashMismatch,
                    $"exclusion {exclusion} differs from the C2PA APP11 segments {block}: their lengths must match exactly");
            }

            if (exclusions[^1].End > length)
            {
                return Fail(ValidationStatusCodes.AssertionDataHashMismatch, $"exclusion range {exclusions[^1]} ends beyond the end of the asset ({length} bytes)");
            }

            if (!IsZero(asset, new ByteRange(exclusion.Start, block.Start - exclusion.Start), cancellationToken)
                || !IsZero(asset, new ByteRange(block.End, exclusion.End - block.End), cancellationToken))
            {
                return Fail(ValidationStatusCodes.AssertionDataHashMismatch, $"exclusion {exclusion} holds data other than the manifest store and zero padding");
            }
        }

        var actual = RangeHasher.HashExcluding(asset, length, exclusions, algorithm, cancellationToken);
        if (!actual.AsSpan().SequenceEqual(assertion.Hash))
        {
            return Fail(ValidationStatusCodes.AssertionDataHashMismatch, "the asset's bytes do not match the data hash: the content was changed after signing");
        }

        findings.Add(new(ValidationStatusCodes.AssertionDataHashMatch, "the asset's bytes match the data hash"));
        return findings;

        static List<BindingFinding> Fail(string code, string explanation) => [new(code, explanation)];
    }

    /// <summary>Joins touching ranges (a store split over consecutive APP11 segments is one block).</summary>
    private static List<ByteRange> Merge(IReadOnlyList<ByteRange> ranges)
    {
        var sorted = ranges.OrderBy(r => r.Start).ToList();
        var merged = new List<ByteRange>(sorted.Count);
        foreach (var range in sorted)
        {
            if (merged.Count > 0 && merged[^1].End == range.Start)
            {
                merged[^1] = new ByteRange(merged[^1].Start, merged[^1].Length + range.Length);
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    private static bool IsZero(Stream asset, ByteRange range, CancellationToken cancellationToken)
    {
        if (range.Length <= 0)
        {
            return true;
        }

        Span<byte> buffer = stackalloc byte[4096];
        asset.Position = range.Start;
        for (var remaining = range.Length; remaining > 0;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = asset.Read(buffer[..(int)Math.Min(buffer.Length, remaining)]);
            if (read == 0 || buffer[..read].ContainsAnyExcept((byte)0))
            {
                return false;
            }

            remaining -= read;
        }

        return true;
    }
}
