using MediaTrust.Formats.Common;
using MediaTrust.Formats.Xmp;
using MediaTrust.IO;

namespace MediaTrust.Formats.Tiff;

/// <summary>
/// TIFF, DNG and TIFF-based raws, classic and BigTIFF, either byte order. The store is the value of tag 52545
/// (0xCD41), type 7 UNDEFINED, the only entry of the last IFD (spec 2.2 §A.3.5). The embedder appends that IFD
/// and the store at the end of the file and links it from the previous last IFD; the carriage (data hash
/// exclusion) is the store's value bytes. Remove unlinks the IFD and, when it is the file's tail, cuts it off.
/// </summary>
internal sealed partial class TiffFormat : IAssetFormat, IManifestEmbedder
{
    public const ushort C2paTag = 52545;
    private const ushort XmpTag = 700;
    private const ushort Undefined = 7;

    public static TiffFormat Instance { get; } = new();

    private TiffFormat()
    {
    }

    public string Name => "TIFF";

    public IReadOnlyList<string> MediaTypes { get; } = ["image/tiff", "image/x-adobe-dng", "image/dng", "image/x-sony-arw", "image/x-nikon-nef"];

    public IReadOnlyList<string> Extensions { get; } = ["tif", "tiff", "dng", "arw", "nef"];

    public bool IsMatch(ReadOnlySpan<byte> header) => TiffStructure.IsTiff(header);

    public AssetLayout ReadLayout(Stream asset, CancellationToken cancellationToken = default)
    {
        var tiff = TiffStructure.Read(asset, cancellationToken);
        var stores = new List<EmbeddedStore>();
        string? remote = null;

        // Values read (stores, XMP) total at most the file (each is checked to lie inside it first): many entries pointing at one large value cannot
        // make it be read once per entry (docs/robustness.md).
        var valueBytes = 0L;
        void Charge(TiffEntry entry, string location)
        {
            valueBytes += entry.ValueLength;
            if (valueBytes > asset.Length)
            {
                throw new MalformedContentException($"tag values read total {valueBytes} bytes in a {asset.Length}-byte file: they overlap", offset: entry.EntryOffset, location: location);
            }
        }

        for (var i = 0; i < tiff.Ifds.Count; i++)
        {
            foreach (var entry in tiff.Ifds[i].Entries)
            {
                if (entry.Tag == C2paTag)
                {
                    var location = $"TIFF/IFD{i}/52545";
                    var bytes = TiffStructure.ReadValue(asset, entry, location, FormatLimits.MaxStoreLength);
                    Charge(entry, location);
                    stores.Add(new EmbeddedStore
                    {
                        Jumbf = JumbfStore.RequireStore(bytes, entry.ValueOffset, location),
                        Carriage = [new ByteRange(entry.ValueOffset, entry.ValueLength)],
                    });
                }
                else if (entry.Tag == XmpTag && i == 0 && remote is null)
                {
                    var xmp = TiffStructure.ReadValue(asset, entry, "TIFF/IFD0/700", FormatLimits.MaxMetadataLength);
                    Charge(entry, "TIFF/IFD0/700");
                    remote = XmpPacket.FindRemoteManifestUrl(xmp);
                }
            }
        }

        return new AssetLayout { Stores = stores, RemoteManifestUrl = remote, Length = asset.Length };
    }

    public StorePlacement Embed(Stream source, Stream destination, ReadOnlyMemory<byte> store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var tiff = TiffStructure.Read(source, cancellationToken);
        if (tiff.Ifds.Count == 0 || (tiff.Ifds.Count == 1 && IsC2paIfd(tiff.Ifds[0])))
        {
            throw new MalformedContentException("a TIFF without an image IFD cannot carry a manifest store", offset: 4, location: "TIFF");
        }

        var end = KeptLength(source, tiff);
        var pad = (int)(end & 1); // IFDs start on a word boundary
        var ifdOffset = end + pad;
        var entrySize = tiff.Big ? 20 : 12;
        var countSize = tiff.Big ? 8 : 2;
        var ifdLength = countSize + entrySize + tiff.OffsetSize;
        var dataOffset = ifdOffset + ifdLength;

        var ifd = new byte[pad + ifdLength];
        var p = ifd.AsSpan(pad);
        if (tiff.Big)
        {
            tiff.WriteU64(p, 1);
        }
        else
        {
            tiff.WriteU16(p, 1);
        }

        var entry = p[countSize..];
        tiff.WriteU16(entry, C2paTag);
        tiff.WriteU16(entry[2..], Undefined);
        if (tiff.Big)
        {
            tiff.WriteU64(entry[4..], (ulong)store.Length);
            tiff.WriteU64(entry[12..], (ulong)dataOffset);
        }
        else
        {
            tiff.WriteU32(entry[4..], (uint)store.Length);
            tiff.WriteOffset(entry[8..], dataOffset);
        }

        // The previous last IFD now points at the new one.
        Copy(source, destination, tiff, end, ifdOffset, cancellationToken);
        destination.Write(ifd);
        destination.Write(store.Span);
        return new StorePlacement { Carriage = [new ByteRange(dataOffset, store.Length)], StoreLength = store.Length };
    }

    public void Remove(Stream source, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var tiff = TiffStructure.Read(source, cancellationToken);
        Copy(source, destination, tiff, KeptLength(source, tiff), 0, cancellationToken);
    }

    public void Patch(Stream destination, StorePlacement placement, ReadOnlySpan<byte> store) =>
        StorePatch.WriteContiguous(destination, placement, store, 0);

    /// <summary>
    /// Copies the first <paramref name="end"/> bytes, writing <paramref name="next"/> into the next-IFD pointer of
    /// the last IFD that is not a trailing C2PA IFD (so a C2PA IFD is unlinked, or replaced by the one at <paramref name="next"/>).
    /// </summary>
    private static void Copy(Stream source, Stream destination, TiffStructure tiff, long end, long next, CancellationToken cancellationToken)
    {
        var ifds = tiff.Ifds;
        var kept = ifds.Count > 1 && IsC2paIfd(ifds[^1]) ? ifds[^2] : ifds[^1];
        var link = kept.NextPointerOffset;
        AssetStream.CopyRange(source, 0, link, destination, cancellationToken);
        Span<byte> pointer = stackalloc byte[8];
        tiff.WriteOffset(pointer, next);
        destination.Write(pointer[..tiff.OffsetSize]);
        AssetStream.CopyRange(source, link + tiff.OffsetSize, end - link - tiff.OffsetSize, destination, cancellationToken);
    }

    /// <summary>
    /// The file length without a trailing C2PA IFD: when the last IFD holds only the store and it and its value
    /// are contiguous at the end of the file (as <see cref="Embed"/> writes them), they are cut off.
    /// </summary>
    private static long KeptLength(Stream source, TiffStructure tiff)
    {
        var ifds = tiff.Ifds;
        if (ifds.Count < 2 || !IsC2paIfd(ifds[^1]))
        {
            return source.Length;
        }

        var last = ifds[^1];
        var value = last.Entries[0];
        var ifdEnd = last.Offset + last.Length;
        var contiguousTail = value.ValueOffset == ifdEnd && value.ValueOffset + value.ValueLength == source.Length;
        var link = ifds[^2].NextPointerOffset;
        return contiguousTail && link + tiff.OffsetSize <= last.Offset ? last.Offset : source.Length;
    }

    private static bool IsC2paIfd(TiffIfd ifd) => ifd.Entries.Count == 1 && ifd.Entries[0].Tag == C2paTag;
}
