using MediaTrust.Formats.Bmff;
using MediaTrust.Formats.Common;
using MediaTrust.Formats.Xmp;
using MediaTrust.IO;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Formats.JpegXl;

/// <summary>
/// JPEG XL in its box container (ISO/IEC 18181-2): the store is a top-level <c>jumb</c> box whose description
/// has the C2PA store type (spec 2.2 §A.3.8); the box is both the store and the carriage. A bare codestream
/// cannot carry a store. The embedder places the box right after <c>ftyp</c>. Box headers are read with the
/// same bounded reader as ISO BMFF.
/// </summary>
internal sealed partial class JpegXlFormat : IAssetFormat, IManifestEmbedder
{
    private static ReadOnlySpan<byte> Signature => [0x00, 0x00, 0x00, 0x0C, 0x4A, 0x58, 0x4C, 0x20, 0x0D, 0x0A, 0x87, 0x0A];

    public static JpegXlFormat Instance { get; } = new();

    private JpegXlFormat()
    {
    }

    public string Name => "JPEG XL";

    /// <summary>The store is self-delimited: a larger one shifts only the bytes after it (spec 2.2 §15.12.1.1).</summary>
    public bool CanGrowStoreInPlace => true;

    public IReadOnlyList<string> MediaTypes { get; } = ["image/jxl"];

    public IReadOnlyList<string> Extensions { get; } = ["jxl"];

    public bool IsMatch(ReadOnlySpan<byte> header) =>
        header.StartsWith(Signature) || (header.Length >= 2 && header[0] == 0xFF && header[1] == 0x0A);

    public AssetLayout ReadLayout(Stream asset, CancellationToken cancellationToken = default)
    {
        if (!IsContainer(asset))
        {
            return new AssetLayout { Length = asset.Length }; // bare codestream: no boxes, no store
        }

        var stores = new List<EmbeddedStore>();
        string? remote = null;
        foreach (var box in BmffTree.Read(asset, cancellationToken))
        {
            if (box.Type == "jumb" && IsC2paJumb(asset, box))
            {
                var bytes = AssetStream.ReadBytes(asset, box.Offset, box.Size, "/jumb");
                stores.Add(new EmbeddedStore { Jumbf = JumbfStore.RequireStore(bytes, box.Offset, "/jumb"), Carriage = [box.Range] });
            }
            else if (box.Type == "xml " && remote is null)
            {
                remote = XmpPacket.FindRemoteManifestUrl(AssetStream.ReadBytes(asset, box.DataOffset, box.End - box.DataOffset, "/xml ", FormatLimits.MaxMetadataLength));
            }
        }

        return new AssetLayout { Stores = stores, RemoteManifestUrl = remote, Length = asset.Length };
    }

    public StorePlacement Embed(Stream source, Stream destination, ReadOnlyMemory<byte> store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        JumbfStore.RequireStore(store, 0, "store");
        var start = destination.Position;
        long placed = -1;
        Copy(source, destination, box =>
        {
            if (box.Type == "ftyp")
            {
                placed = destination.Position - start;
                destination.Write(store.Span);
            }
        }, cancellationToken);
        if (placed < 0)
        {
            throw new MalformedContentException("JPEG XL container without an ftyp box", offset: 12, location: "/ftyp");
        }

        return new StorePlacement { Carriage = [new ByteRange(placed, store.Length)], StoreLength = store.Length };
    }

    public void Remove(Stream source, Stream destination, CancellationToken cancellationToken = default) =>
        Copy(source, destination, null, cancellationToken);

    public void Patch(Stream destination, StorePlacement placement, ReadOnlySpan<byte> store) =>
        StorePatch.WriteContiguous(destination, placement, store, 0);

    private static void Copy(Stream source, Stream destination, Action<BmffBox>? afterBox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!IsContainer(source))
        {
            throw new MalformedContentException("a bare JPEG XL codestream cannot carry a manifest store (spec 2.2 §A.3.8)", offset: 0, location: "jxl");
        }

        foreach (var box in BmffTree.Read(source, cancellationToken))
        {
            if (box.Type == "jumb" && IsC2paJumb(source, box))
            {
                continue;
            }

            AssetStream.CopyRange(source, box.Offset, box.Size, destination, cancellationToken);
            afterBox?.Invoke(box);
        }
    }

    private static bool IsContainer(Stream asset)
    {
        AssetStream.RequireSeekable(asset);
        Span<byte> header = stackalloc byte[12];
        return AssetStream.ReadUpTo(asset, 0, header) == 12 && header.SequenceEqual(Signature);
    }

    /// <summary>Whether a jumb box's description box has the C2PA store type UUID.</summary>
    private static bool IsC2paJumb(Stream asset, BmffBox box)
    {
        Span<byte> head = stackalloc byte[24];
        if (box.Size - box.HeaderLength < head.Length)
        {
            return false;
        }

        AssetStream.ReadAt(asset, box.DataOffset, head, "/jumb");
        return head[4..8].SequenceEqual("jumd"u8) && JumbfTypes.Read(head[8..24]) == C2paBoxes.ManifestStore;
    }
}
