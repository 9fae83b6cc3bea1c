using MediaTrust.SoftBinding;
using MediaTrust.Validation;

namespace MediaTrust.Repository;

/// <summary>
/// Finds the provenance of an asset whose credentials were stripped (spec 2.4 §18.10.5): its fingerprints (and any
/// watermark values decoded by other tools) are looked up in manifest repositories, each candidate store is validated
/// fully against the asset, and a candidate is accepted only when every soft binding of its active manifest that can be
/// checked matches the asset (§18.10.5.1). What is found is <em>recovered</em> provenance: it was not in the file, and
/// its hard binding describes the original bytes, not this copy's.
/// </summary>
public static class ManifestRecovery
{
    /// <summary>
    /// Searches <paramref name="repositories"/> for the provenance of the image <paramref name="asset"/> (read twice: it
    /// must be seekable).
    /// </summary>
    /// <param name="asset">The image.</param>
    /// <param name="repositories">Where to look, in order.</param>
    /// <param name="options">Limits, watermark values and how candidates are validated.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The candidates, accepted ones first, best similarity first.</returns>
    /// <exception cref="UnknownFormatException">The asset is not an image.</exception>
    public static async Task<IReadOnlyList<RecoveredManifest>> RecoverAsync(Stream asset, IReadOnlyList<IManifestRepository> repositories, RecoveryOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(repositories);
        options ??= new RecoveryOptions();
        var start = asset.Position;
        var fingerprints = ImageFingerprints.Compute(asset, options.MaxPixels);
        asset.Position = start;
        return await RecoverAsync(asset, fingerprints, repositories, options, cancellationToken);
    }

    /// <summary>The search with the asset's fingerprints computed already (a test that queries several repositories with one copy).</summary>
    internal static async Task<IReadOnlyList<RecoveredManifest>> RecoverAsync(Stream asset, ImageFingerprints fingerprints, IReadOnlyList<IManifestRepository> repositories,
        RecoveryOptions options, CancellationToken cancellationToken)
    {
        var start = asset.Position;

        // Candidates by manifest id: the best match over every query (the PDQ and ISCC variants find turned copies).
        var candidates = new Dictionary<string, (BindingMatch Match, int Repository)>(StringComparer.Ordinal);
        for (var r = 0; r < repositories.Count; r++)
        {
            var queries = fingerprints.PdqVariants.Select(v => (ImageFingerprints.PdqAlgorithm, v))
                .Concat(fingerprints.IsccVariants.Select(v => (ImageFingerprints.IsccAlgorithm, v)))
                .Concat(options.Watermarks.Select(w => (w.Algorithm, w.Value)));
            foreach (var (alg, value) in queries)
            {
                foreach (var match in await repositories[r].FindAsync(alg, value, options.MaxCandidates, cancellationToken: cancellationToken))
                {
                    if (!candidates.TryGetValue(match.ManifestId, out var known) || match.SimilarityScore > known.Match.SimilarityScore)
                    {
                        candidates[match.ManifestId] = (match, r);
                    }
                }
            }
        }

        var recovered = new List<RecoveredManifest>();
        foreach (var (id, (match, r)) in candidates.OrderByDescending(c => c.Value.Match.SimilarityScore).Take(options.MaxCandidates))
        {
            if (await repositories[r].GetStoreAsync(id, cancellationToken) is not { } store)
            {
                continue;
            }

            var checks = CheckBindings(store, id, fingerprints, options);
            asset.Position = start;
            var reader = await Reader.ReadWithManifestAsync(asset, store, new ReaderOptions { Validation = options.Validation }, cancellationToken: cancellationToken);
            var report = reader.Validation!;
            var contentMismatch = report.Failures.Any(f => StoreAdmission.IsContentFailure(f.Code));
            var otherFailures = report.Failures.Where(f => !StoreAdmission.IsContentFailure(f.Code)).ToList();
            var accepted = checks.Count > 0 && checks.All(c => c.Matched is not false) && checks.Any(c => c.Matched is true);
            recovered.Add(new RecoveredManifest(id, r, match, store, reader, checks, accepted, contentMismatch, otherFailures));
        }

        return [.. recovered.OrderByDescending(m => m.SoftBindingsMatched).ThenByDescending(m => m.Match.SimilarityScore)];
    }

    /// <summary>
    /// The distance within which a fingerprint binding of a candidate matches the asset (the §18.10.5.1 check, "in the
    /// manner prescribed by the algorithm"), which may be wider than the search radius that found the candidate: the ISCC
    /// within 11 bits, as searched; PDQ within 64 of its 256 bits (similarity 50), though searched within 31. A candidate
    /// is only ever found by a binding within its search radius, so a manifest bound by PDQ alone is accepted at 31 bits
    /// as before; the wider PDQ bound confirms a manifest that the ISCC found. It is what lets a manifest bound by both
    /// survive a 5% crop, which moves PDQ's fixed sampling grid by 28–80 bits, while still rejecting the different photo
    /// the ISCC alone accepts (docs/soft-bindings.md, round trip: 90–94 PDQ bits away).
    /// </summary>
    internal static int AcceptanceRadius(string algorithm, int bits) => algorithm == ImageFingerprints.PdqAlgorithm
        ? 64
        : FingerprintAlgorithms.DefaultMaxDistance(algorithm, bits);

    /// <summary>§18.10.5.1: every soft binding of the active manifest against what the asset gives for its algorithm.</summary>
    private static List<BindingCheck> CheckBindings(byte[] store, string manifestId, ImageFingerprints fingerprints, RecoveryOptions options)
    {
        var checks = new List<BindingCheck>();
        foreach (var binding in SoftBindingValues.FromStore(store).Where(v => v.ManifestLabel == manifestId))
        {
            IReadOnlyList<byte[]>? probes = binding.Algorithm switch
            {
                ImageFingerprints.PdqAlgorithm => fingerprints.PdqVariants,
                ImageFingerprints.IsccAlgorithm => fingerprints.IsccVariants,
                _ => options.Watermarks.Where(w => w.Algorithm == binding.Algorithm).Select(w => w.Value).ToList() is { Count: > 0 } given ? given : null,
            };
            if (probes is null)
            {
                checks.Add(new BindingCheck(binding.Algorithm, null, null));
                continue;
            }

            if (FingerprintAlgorithms.Bits(binding.Algorithm, binding.Value) is { } storedBits)
            {
                var best = probes.Select(p => FingerprintAlgorithms.Bits(binding.Algorithm, p))
                    .Where(p => p is { } b && b.Length == storedBits.Length)
                    .Select(p => ImageFingerprints.Distance(p!.Value.Span, storedBits.Span)).DefaultIfEmpty(int.MaxValue).Min();
                var radius = AcceptanceRadius(binding.Algorithm, storedBits.Length * 8);
                checks.Add(new BindingCheck(binding.Algorithm, best <= radius, best == int.MaxValue ? null : best));
            }
            else
            {
                var equal = probes.Any(p => p.AsSpan().SequenceEqual(binding.Value));
                checks.Add(new BindingCheck(binding.Algorithm, equal, equal ? 0 : null));
            }
        }

        return checks;
    }
}

/// <summary>How <see cref="ManifestRecovery"/> searches.</summary>
public sealed record RecoveryOptions
{
    /// <summary>Candidates taken per query and validated in all; 5 by default.</summary>
    public int MaxCandidates { get; init; } = 5;

    /// <summary>The pixel cap for fingerprinting the asset.</summary>
    public long MaxPixels { get; init; } = ImageFingerprints.DefaultMaxPixels;

    /// <summary>Watermark payloads decoded from the asset by other tools (e.g. a TrustMark decoder), matched exactly.</summary>
    public IReadOnlyList<StoredBinding> Watermarks { get; init; } = [];

    /// <summary>How each candidate is validated (trust anchors, time); defaults apply when not set.</summary>
    public ValidationOptions Validation { get; init; } = new();
}

/// <summary>One soft binding of a recovered manifest, checked against the asset.</summary>
/// <param name="Algorithm">The binding's algorithm.</param>
/// <param name="Matched">True or false; null when the asset gives no value for the algorithm (e.g. a watermark nobody decoded).</param>
/// <param name="Distance">The Hamming distance for a fingerprint, 0 for an exact match, null when not compared.</param>
public sealed record BindingCheck(string Algorithm, bool? Matched, int? Distance);

/// <summary>A manifest store found for an asset by its soft bindings.</summary>
/// <param name="ManifestId">The active manifest's label.</param>
/// <param name="RepositoryIndex">Which of the repositories searched holds it.</param>
/// <param name="Match">The best binding match that found it.</param>
/// <param name="Store">The manifest store.</param>
/// <param name="Reader">The store read and validated with the asset as its content.</param>
/// <param name="Bindings">Each soft binding of the active manifest, checked (§18.10.5.1).</param>
/// <param name="SoftBindingsMatched">Whether every binding that could be checked matched, and at least one did: the §18.10.5.1 verdict.</param>
/// <param name="HardBindingMismatch">
/// Whether the store's hard binding does not match the asset: expected for a re-encoded or edited copy, and not a sign
/// that the credentials were tampered with.
/// </param>
/// <param name="OtherFailures">Validation failures other than the content binding: these do speak against the credentials.</param>
public sealed record RecoveredManifest(string ManifestId, int RepositoryIndex, BindingMatch Match, byte[] Store, Reader Reader, IReadOnlyList<BindingCheck> Bindings,
    bool SoftBindingsMatched, bool HardBindingMismatch, IReadOnlyList<ValidationFinding> OtherFailures);
