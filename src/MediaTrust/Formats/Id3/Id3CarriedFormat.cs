using MediaTrust.Formats.Common;

namespace MediaTrust.Formats.Id3;

/// <summary>
/// A format whose store travels in a GEOB frame of a leading ID3v2 tag (spec 2.2 §A.3.4): MP3 and
/// FLAC differ only in how they are recognised; reading, writing and remote references are the tag's.
/// </summary>
internal abstract class Id3CarriedFormat : IAssetFormat, IManifestEmbedder, IRemoteReferenceWriter
{
    public abstract string Name { get; }

    public abstract IReadOnlyList<string> MediaTypes { get; }

    public abstract IReadOnlyList<string> Extensions { get; }

    public abstract bool IsMatch(ReadOnlySpan<byte> header);

    public AssetLayout ReadLayout(Stream asset, CancellationToken cancellationToken = default) => Id3Container.ReadLayout(asset, cancellationToken);

    public StorePlacement Embed(Stream source, Stream destination, ReadOnlyMemory<byte> store, CancellationToken cancellationToken = default) =>
        Id3Container.Embed(source, destination, store, cancellationToken);

    public void Remove(Stream source, Stream destination, CancellationToken cancellationToken = default) =>
        Id3Container.Remove(source, destination, cancellationToken);

    public void Patch(Stream destination, StorePlacement placement, ReadOnlySpan<byte> store) =>
        StorePatch.WriteContiguous(destination, placement, store, 0);

    /// <summary>XMP in an ID3v2 PRIV frame with owner "XMP" (what c2pa-rs reads and writes for MP3).</summary>
    public void WriteRemoteReference(Stream source, Stream destination, string url, CancellationToken cancellationToken = default) =>
        Id3Container.WriteRemoteReference(source, destination, url, cancellationToken);
}
