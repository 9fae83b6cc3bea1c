using MediaTrust.Formats;

namespace MediaTrust.Validation;

/// <summary>The asset a manifest store is validated against: its bytes and what its format found in them.</summary>
/// <param name="Stream">The asset, readable and seekable.</param>
/// <param name="Format">The asset's format, or null when unknown (a sidecar over arbitrary bytes).</param>
/// <param name="Layout">Where the format found the store and the asset's boxes.</param>
/// <param name="Source">Where the manifest store came from.</param>
internal sealed record AssetContext(Stream Stream, IAssetFormat? Format, AssetLayout Layout, ManifestSource Source)
{
    /// <summary>
    /// The carriage of the store being validated (empty for a sidecar or remote store); for a PDF, the newest
    /// revision's store, which holds the active manifest (spec 2.2 §A.4.2.1).
    /// </summary>
    public IReadOnlyList<IO.ByteRange> StoreCarriage =>
        Source != ManifestSource.Embedded || Layout.Stores.Count == 0 ? []
        : (Format?.ActiveStore(Layout) ?? Layout.Stores[0]).Carriage;

    /// <summary>The fragment files of a fragmented MP4 whose initialization segment is <see cref="Stream"/>; null otherwise.</summary>
    public IReadOnlyList<Stream>? Fragments { get; init; }
}
