using MediaTrust.Formats.Common;
using MediaTrust.Formats.Id3;

namespace MediaTrust.Formats.Flac;

/// <summary>
/// FLAC: spec 2.2 §A.3.4 carries the store in an ID3v2 GEOB frame, so (as for MP3) the tag precedes the
/// <c>fLaC</c> marker; FLAC decoders skip a leading ID3v2 tag. See <see cref="Id3Container"/>.
/// </summary>
internal sealed class FlacFormat : IAssetFormat, IManifestEmbedder, IRemoteReferenceWriter
{
    public static FlacFormat Instance { get; } = new();

    private FlacFormat()
    {
    }

    public string Name => "FLAC";

    public IReadOnlyList<string> MediaTypes { get; } = ["audio/flac", "audio/x-flac"];

    public IReadOnlyList<string> Extensions { get; } = ["flac"];

    /// <summary><c>fLaC</c>, or an ID3v2 tag followed (within the header) by <c>fLaC</c>.</summary>
    public bool IsMatch(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 4 && header[..4].SequenceEqual("fLaC"u8))
        {
            return true;
        }

        if (!Id3Tag.StartsWithTag(header))
        {
            return false;
        }

        var end = 10 + Id3Tag.SyncSafe(header[6..]) + ((header[5] & 0x10) != 0 ? 10 : 0);
        return end + 4 <= header.Length && header.Slice((int)end, 4).SequenceEqual("fLaC"u8);
    }

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
