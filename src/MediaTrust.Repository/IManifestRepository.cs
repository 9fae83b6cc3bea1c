using MediaTrust.SoftBinding;

namespace MediaTrust.Repository;

/// <summary>
/// A manifest repository (spec 2.4 §18.10.5): manifest stores kept by the label of their active manifest (the
/// <c>manifestId</c> of the Soft Binding Resolution API) with their soft bindings, found again by a binding value.
/// Watermarks and other exact values match exactly; fingerprints (<see cref="FingerprintAlgorithms"/>) match by Hamming
/// distance through a multi-index hash (docs/soft-bindings.md). Every write is one transaction. Implementations:
/// <see cref="SqliteManifestRepository"/> (embedded, one file) and <see cref="PostgresManifestRepository"/>.
/// Instances are safe to use from several threads.
/// </summary>
public interface IManifestRepository : IAsyncDisposable
{
    /// <summary>
    /// Validates <paramref name="manifestStore"/> (<see cref="RepositoryOptions.Validation"/>), then stores it under its
    /// active manifest's label with every whole-content soft binding of its manifests. Storing a store again replaces it
    /// and its bindings.
    /// </summary>
    /// <exception cref="RepositoryRejectedException">Too large, unreadable, without soft bindings when they are required, or invalid under <see cref="InvalidStorePolicy.Reject"/>.</exception>
    Task<StoredManifest> StoreAsync(ReadOnlyMemory<byte> manifestStore, CancellationToken cancellationToken = default);

    /// <summary>The manifest store kept under <paramref name="manifestId"/>, or null.</summary>
    Task<byte[]?> GetStoreAsync(string manifestId, CancellationToken cancellationToken = default);

    /// <summary>What is kept about <paramref name="manifestId"/> (verdict, bindings), or null.</summary>
    Task<StoredManifest?> GetAsync(string manifestId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the store and, with it, every binding of it. Returns false when there was none.</summary>
    Task<bool> DeleteAsync(string manifestId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Associates one more binding value with a stored manifest (the API's <c>POST /bindings</c>, e.g. a watermark
    /// embedded after signing). Returns false when no such manifest is stored.
    /// </summary>
    Task<bool> AddBindingAsync(string manifestId, string algorithm, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Points every binding equal to <paramref name="value"/> (of <paramref name="algorithm"/>, or of any algorithm when null)
    /// at the stored manifest <paramref name="manifestId"/> instead (the API's <c>PUT /bindings</c>: a watermark whose
    /// asset was signed again). Returns false, changing nothing, when that manifest is not stored or no binding has the value.
    /// </summary>
    Task<bool> MoveBindingAsync(string? algorithm, ReadOnlyMemory<byte> value, string manifestId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The manifests whose bindings of <paramref name="algorithm"/> match <paramref name="value"/>, best first, at most
    /// <paramref name="limit"/>: exact equality, or for a fingerprint algorithm a Hamming distance of at most
    /// <paramref name="maxDistance"/> (<see cref="FingerprintAlgorithms.DefaultMaxDistance"/> when null).
    /// </summary>
    Task<IReadOnlyList<BindingMatch>> FindAsync(string algorithm, ReadOnlyMemory<byte> value, int limit = 10, int? maxDistance = null,
        CancellationToken cancellationToken = default);

    /// <summary>The number of manifests and of bindings stored.</summary>
    Task<(long Manifests, long Bindings)> CountAsync(CancellationToken cancellationToken = default);
}

/// <summary>What the repository keeps about one manifest store.</summary>
/// <param name="ManifestId">The active manifest's label.</param>
/// <param name="Verdict">The validation state when stored (<c>Invalid</c>, <c>Valid</c>, <c>Trusted</c>), or <c>NotValidated</c>.</param>
/// <param name="FailureCodes">The failure codes of that validation.</param>
/// <param name="Bindings">The stored bindings.</param>
/// <param name="Size">The store's size in bytes.</param>
public sealed record StoredManifest(string ManifestId, string Verdict, IReadOnlyList<string> FailureCodes, IReadOnlyList<StoredBinding> Bindings, long Size);

/// <summary>One binding value kept for a manifest.</summary>
/// <param name="Algorithm">The soft binding <c>alg</c>.</param>
/// <param name="Value">The value.</param>
public sealed record StoredBinding(string Algorithm, byte[] Value);

/// <summary>A manifest found by a binding value.</summary>
/// <param name="ManifestId">The active manifest's label.</param>
/// <param name="Algorithm">The algorithm matched.</param>
/// <param name="Value">The stored value that matched.</param>
/// <param name="Distance">The Hamming distance for a fingerprint (0 for an exact match).</param>
/// <param name="SimilarityScore">0–100: 100 for an exact match; for a fingerprint 100 × (1 − 2·distance / bits), floored at 0, so unrelated images (half the bits differ) score 0.</param>
public sealed record BindingMatch(string ManifestId, string Algorithm, byte[] Value, int Distance, int SimilarityScore);

/// <summary>What to do with a manifest store that does not validate.</summary>
public enum InvalidStorePolicy
{
    /// <summary>Refuse it (<see cref="RepositoryRejectedException"/>).</summary>
    Reject,

    /// <summary>Keep it, with its verdict, for the reader to judge.</summary>
    KeepWithVerdict,
}

/// <summary>A manifest store the repository refuses to keep.</summary>
public sealed class RepositoryRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RepositoryRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RepositoryRejectedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RepositoryRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Which algorithms are fingerprints (matched by Hamming distance), and how their values are compared.</summary>
internal static class FingerprintAlgorithms
{
    /// <summary>
    /// The default search radius: 31 bits of a 256-bit PDQ hash (Meta's recommended match threshold), 11 of a 64-bit ISCC
    /// code (the widest the index searches with 4 chunks); scaled by length for others.
    /// </summary>
    public static int DefaultMaxDistance(string algorithm, int bits) => algorithm switch
    {
        ImageFingerprints.PdqAlgorithm => 31,
        ImageFingerprints.IsccAlgorithm => 11,
        _ => (bits / 8) - 1,
    };

    /// <summary>
    /// The bits compared of a value of <paramref name="algorithm"/>, or null when the algorithm is matched exactly: the
    /// 32 bytes of a PDQ hash, the digest of an ISCC image unit (after its 2-byte header; other ISCC units are exact).
    /// </summary>
    public static ReadOnlyMemory<byte>? Bits(string algorithm, ReadOnlyMemory<byte> value) => algorithm switch
    {
        // Typed arms: a bare null would convert to an empty ReadOnlyMemory through its implicit conversion from arrays.
        ImageFingerprints.PdqAlgorithm when value.Length == 32 => (ReadOnlyMemory<byte>?)value,
        ImageFingerprints.IsccAlgorithm when value.Length is 10 or 18 or 26 or 34 && value.Span[0] == 0x21 => (ReadOnlyMemory<byte>?)value[2..],
        _ => (ReadOnlyMemory<byte>?)null,
    };

    /// <summary>The similarity score of a distance over <paramref name="bits"/> bits (see <see cref="BindingMatch.SimilarityScore"/>).</summary>
    public static int Similarity(int distance, int bits) => Math.Max(0, (int)Math.Round(100.0 * (1.0 - (2.0 * distance / bits))));
}
