using MediaTrust.IO;

namespace MediaTrust.Formats;

/// <summary>
/// One container family (JPEG, PNG, ISO BMFF…). A format moves bytes and knows no claim: it finds
/// the embedded manifest store, reports what hard-binding validation needs (where the store sits,
/// the boxes a <c>c2pa.hash.boxes</c> assertion names), and, when it implements
/// <see cref="IManifestEmbedder"/>, writes a store. Implementations are stateless singletons.
/// </summary>
internal interface IAssetFormat
{
    /// <summary>Short human name, e.g. <c>JPEG</c>.</summary>
    string Name { get; }

    /// <summary>IANA media types, the preferred one first (used for <c>format</c> fields).</summary>
    IReadOnlyList<string> MediaTypes { get; }

    /// <summary>Usual file extensions without the dot, lower case.</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>Whether the first bytes of a file (up to <see cref="AssetFormats.HeaderLength"/>) belong to this format.</summary>
    bool IsMatch(ReadOnlySpan<byte> header);

    /// <summary>
    /// Reads the asset's structure: every embedded manifest store with the byte ranges its carriage
    /// occupies, a remote manifest reference, and named boxes. Reads only what it needs, bounds every
    /// length before allocating, and throws <see cref="MalformedContentException"/> for bad input.
    /// </summary>
    AssetLayout ReadLayout(Stream asset, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the embedded stores and the remote reference, and the boxes when they come at no extra cost. Formats
    /// with a cheaper path than <see cref="ReadLayout"/> override it and return <see cref="AssetLayout.Partial"/>
    /// layouts; <see cref="CompleteLayout"/> then finishes them.
    /// </summary>
    AssetLayout ReadStores(Stream asset, CancellationToken cancellationToken = default) => ReadLayout(asset, cancellationToken);

    /// <summary>The layout with every box, reading only what <paramref name="layout"/> lacks (nothing unless it is <see cref="AssetLayout.Partial"/>).</summary>
    AssetLayout CompleteLayout(Stream asset, AssetLayout layout, CancellationToken cancellationToken = default) =>
        layout.Partial ? ReadLayout(asset, cancellationToken) : layout;

    /// <summary>
    /// Whether several embedded stores are legitimate: false makes more than one invalid (spec 2.2 §15.5.2.1);
    /// PDF appends one per incremental update (§15.5.2.2).
    /// </summary>
    bool AllowsSeveralStores => false;

    /// <summary>The embedded store that holds the active manifest (the newest revision's, for PDF: spec 2.2 §A.4.2.1).</summary>
    EmbeddedStore ActiveStore(AssetLayout layout) => layout.Stores[0];

    /// <summary>
    /// The JUMBF of the store to read: the first store, or, where several are legitimate, all of them processed as
    /// one store (spec 2.2 §A.4.2.1).
    /// </summary>
    ReadOnlyMemory<byte> StoreToRead(AssetLayout layout) => layout.Stores[0].Jumbf;

    /// <summary>
    /// Whether a data hash's exclusion over the store must equal its carriage exactly (spec 2.2 §15.12.1.2; JPEG)
    /// rather than merely cover it.
    /// </summary>
    bool ExactStoreExclusion => false;

    /// <summary>Whether the file is itself a manifest store (a <c>.c2pa</c> sidecar, spec 2.2 §11.4), with no content of its own to bind.</summary>
    bool IsStandaloneStore => false;

    /// <summary>Whether an asset of this format can be split into an initialization segment and fragments (spec 2.2 §15.12.2.2).</summary>
    bool SupportsFragments => false;
}

/// <summary>The hard binding a format gets when it is signed.</summary>
internal enum HardBindingKind
{
    /// <summary><c>c2pa.hash.data</c> with the store's carriage excluded (spec 2.2 §18.5).</summary>
    DataHash,

    /// <summary><c>c2pa.hash.boxes</c>, one hash per box (spec 2.2 §18.7).</summary>
    BoxHash,

    /// <summary><c>c2pa.hash.bmff.v3</c>, excluding the C2PA box by its xpath (spec 2.2 §18.6).</summary>
    BmffHash,
}

/// <summary>
/// A format that can embed, replace and remove a manifest store. Signing reserves a slot with a
/// placeholder store (<see cref="Embed"/>), hashes the output outside the returned exclusions, then
/// fills the slot with the final store of the same size (<see cref="Patch"/>): two passes at most.
/// </summary>
internal interface IManifestEmbedder
{
    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/> with <paramref name="store"/>
    /// embedded, replacing any store already there. Returns where the store landed in the output.
    /// </summary>
    StorePlacement Embed(Stream source, Stream destination, ReadOnlyMemory<byte> store, CancellationToken cancellationToken = default);

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> without any embedded manifest store.</summary>
    void Remove(Stream source, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>
    /// Overwrites the store at <paramref name="placement"/> in a seekable stream with
    /// <paramref name="store"/>, which must have the same length as the store that was embedded.
    /// </summary>
    void Patch(Stream destination, StorePlacement placement, ReadOnlySpan<byte> store);

    /// <summary>The hard binding the signer writes (data hash unless the format says otherwise).</summary>
    HardBindingKind HardBinding => HardBindingKind.DataHash;

    /// <summary>For a <see cref="HardBindingKind.BoxHash"/> format: the box names, in order, that <paramref name="source"/> has after <see cref="Embed"/>.</summary>
    IReadOnlyList<string> BoxNamesAfterEmbed(Stream source, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <summary>
    /// Whether a larger store can replace the one embedded without changing bytes outside it, other than by shifting
    /// those after it, so a previous data hash's exclusion that starts at the store still covers it (spec 2.2 §15.12.1.1).
    /// </summary>
    bool CanGrowStoreInPlace => false;

    /// <summary>Why an update manifest (spec 2.2 §11.2.3) cannot be added to this format when the reason is not <see cref="CanGrowStoreInPlace"/>; null otherwise.</summary>
    string? UpdateManifestRefusal => null;
}

/// <summary>What a format found in an asset.</summary>
internal sealed class AssetLayout
{
    public static AssetLayout Empty { get; } = new();

    /// <summary>Nothing read yet: <see cref="IAssetFormat.CompleteLayout"/> reads the whole layout when boxes are needed.</summary>
    public static AssetLayout Unread { get; } = new() { Partial = true };

    /// <summary>Every embedded manifest store, in file order. More than one makes the asset invalid (spec 2.2 §15.5.2.1).</summary>
    public IReadOnlyList<EmbeddedStore> Stores { get; init; } = [];

    /// <summary>The XMP <c>dcterms:provenance</c> reference to an external manifest store, if any (spec 2.2 §11.4).</summary>
    public string? RemoteManifestUrl { get; init; }

    /// <summary>
    /// The asset's top-level boxes in file order, named as the format's <c>c2pa.hash.boxes</c> rules
    /// say (spec 2.2 §18.7); empty where the format has no box hash.
    /// </summary>
    public IReadOnlyList<AssetBox> Boxes { get; init; } = [];

    /// <summary>Total length of the asset in bytes.</summary>
    public long Length { get; init; }

    /// <summary>Whether <see cref="Boxes"/> may stop early (a <see cref="IAssetFormat.ReadStores"/> fast path); see <see cref="IAssetFormat.CompleteLayout"/>.</summary>
    public bool Partial { get; init; }
}

/// <summary>A manifest store found in an asset.</summary>
internal sealed class EmbeddedStore
{
    /// <summary>The JUMBF bytes of the store (the <c>c2pa</c> superbox), reassembled when the format splits it.</summary>
    public required ReadOnlyMemory<byte> Jumbf { get; init; }

    /// <summary>The byte ranges of the asset that carry the store, headers included: what a data hash excludes.</summary>
    public required IReadOnlyList<ByteRange> Carriage { get; init; }
}

/// <summary>Where <see cref="IManifestEmbedder.Embed"/> put a store.</summary>
internal sealed class StorePlacement
{
    /// <summary>Ranges of the output that carry the store, headers included (the data hash exclusions).</summary>
    public required IReadOnlyList<ByteRange> Carriage { get; init; }

    /// <summary>Length of the store that was embedded.</summary>
    public required int StoreLength { get; init; }
}

/// <summary>A named box of an asset, for <c>c2pa.hash.boxes</c>.</summary>
/// <param name="Name">The box name as the spec defines it for the format (e.g. <c>SOI</c>, <c>APP0</c>, <c>IHDR</c>, <c>C2PA</c>).</param>
/// <param name="Range">Where the box is, including its header.</param>
internal readonly record struct AssetBox(string Name, ByteRange Range);
