using MediaTrust.Formats.Common;
using MediaTrust.Formats.Id3;

namespace MediaTrust.Formats.Mp3;

/// <summary>MP3: the store is a GEOB frame of the leading ID3v2 tag (spec 2.2 §A.3.4), see <see cref="Id3Container"/>.</summary>
internal sealed class Mp3Format : IAssetFormat, IManifestEmbedder, IRemoteReferenceWriter
{
    public static Mp3Format Instance { get; } = new();

    private Mp3Format()
    {
    }

    public string Name => "MP3";

    public IReadOnlyList<string> MediaTypes { get; } = ["audio/mpeg", "audio/mp3"];

    public IReadOnlyList<string> Extensions { get; } = ["mp3"];

    /// <summary>An ID3v2 tag, or an MPEG audio frame sync with a valid layer.</summary>
    public bool IsMatch(ReadOnlySpan<byte> header) =>
        Id3Tag.StartsWithTag(header) || (header.Length >= 2 && header[0] == 0xFF && (header[1] & 0xE0) == 0xE0 && (header[1] & 0x06) != 0);

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
