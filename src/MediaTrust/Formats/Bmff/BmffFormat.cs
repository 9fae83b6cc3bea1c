using System.Buffers.Binary;
using System.Text;
using MediaTrust.Formats.Common;
using MediaTrust.Formats.Xmp;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Formats.Bmff;

/// <summary>
/// ISO BMFF: MP4, MOV, M4A, HEIF/HEIC, AVIF and fragmented MP4. The store is carried in a top-level
/// <c>uuid</c> FullBox with extended type D8FEC3D6-1B0E-483C-9297-5828877EC481 (spec 2.2 §A.5.1) whose
/// <c>box_purpose</c> is <c>manifest</c> (8-byte Merkle offset, store, padding), <c>original</c> or
/// <c>update</c>; it sits after <c>ftyp</c> and before <c>moov</c> and the first <c>mdat</c> (§A.5.3). The
/// whole box is the carriage. Inserting it before media data shifts absolute offsets, which the embedder
/// fixes in <c>stco</c>/<c>co64</c>, <c>iloc</c> and <c>tfhd</c> (see <see cref="BmffOffsets"/>).
/// </summary>
internal sealed partial class BmffFormat : IAssetFormat, IManifestEmbedder
{
    /// <summary>The extended type of the XMP uuid box (XMP Specification Part 3, 1.2.7).</summary>
    public static ReadOnlySpan<byte> XmpUuid => [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC];

    /// <summary>size, type, extended type, version/flags, "manifest\0", Merkle offset.</summary>
    private const int ManifestBoxHeaderLength = 8 + 16 + 4 + 9 + 8;

    public static BmffFormat Instance { get; } = new();

    private BmffFormat()
    {
    }

    public string Name => "ISO BMFF";

    /// <summary>The box-aware binding c2pa-rs writes (spec 2.2 §18.6).</summary>
    public HardBindingKind HardBinding => HardBindingKind.BmffHash;

    /// <summary>Fragmented MP4: an initialization segment and fragment files (spec 2.2 §15.12.2.2).</summary>
    public bool SupportsFragments => true;

    public IReadOnlyList<string> MediaTypes { get; } =
        ["video/mp4", "audio/mp4", "application/mp4", "video/quicktime", "image/heif", "image/heic", "image/avif", "audio/x-m4a", "video/x-m4v"];

    public IReadOnlyList<string> Extensions { get; } = ["mp4", "m4a", "m4v", "m4s", "mov", "heif", "heic", "hif", "avif", "3gp"];

    public bool IsMatch(ReadOnlySpan<byte> header) =>
        header.Length >= 8 && (header[4..8].SequenceEqual("ftyp"u8) || header[4..8].SequenceEqual("styp"u8)
            || header[4..8].SequenceEqual("moof"u8) || header[4..8].SequenceEqual("sidx"u8));

    /// <summary>The box tree with absolute offsets, for <c>c2pa.hash.bmff</c> validation.</summary>
    public static IReadOnlyList<BmffBox> ReadBoxes(Stream asset, CancellationToken cancellationToken = default) =>
        BmffTree.Read(asset, cancellationToken);

    public AssetLayout ReadLayout(Stream asset, CancellationToken cancellationToken = default)
    {
        var boxes = BmffTree.Read(asset, cancellationToken);
        var stores = new List<EmbeddedStore>();
        string? remote = null;
        foreach (var box in boxes)
        {
            if (box.IsC2pa)
            {
                var purpose = BmffTree.ReadPurpose(asset, box);
                if (purpose is "manifest" or "original" or "update")
                {
                    // manifest/original: an 8-byte offset of the first merkle box precedes the store (§A.5.3).
                    var dataStart = box.DataOffset + 4 + purpose.Length + 1 + (purpose == "update" ? 0 : 8);
                    var bytes = AssetStream.ReadBytes(asset, dataStart, box.End - dataStart, box.Path);
                    stores.Add(new EmbeddedStore { Jumbf = JumbfStore.RequireStore(bytes, dataStart, box.Path), Carriage = [box.Range] });
                }
            }
            else if (box.Type == "uuid" && box.UserType.Span.SequenceEqual(XmpUuid) && remote is null)
            {
                var xmp = AssetStream.ReadBytes(asset, box.DataOffset, box.End - box.DataOffset, box.Path, FormatLimits.MaxMetadataLength);
                remote = XmpPacket.FindRemoteManifestUrl(xmp);
            }
        }

        return new AssetLayout { Stores = stores, RemoteManifestUrl = remote, Length = asset.Length };
    }

    public StorePlacement Embed(Stream source, Stream destination, ReadOnlyMemory<byte> store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var boxLength = (long)ManifestBoxHeaderLength + store.Length;
        if (boxLength > uint.MaxValue)
        {
            throw new ArgumentException("The store is too large for a 32-bit box.", nameof(store));
        }

        var start = destination.Position;
        long placed = -1;
        Rewrite(source, destination, (int)boxLength, output =>
        {
            placed = output.Position - start;
            Span<byte> header = stackalloc byte[ManifestBoxHeaderLength];
            BinaryPrimitives.WriteUInt32BigEndian(header, (uint)boxLength);
            "uuid"u8.CopyTo(header[4..]);
            C2paBoxes.BmffUuid.CopyTo(header[8..]);
            // version 0, flags 0 (bytes 24..27), box_purpose, then a zero Merkle offset: no merkle boxes are written.
            "manifest\0"u8.CopyTo(header[28..]);
            output.Write(header);
            output.Write(store.Span);
        }, cancellationToken);

        return new StorePlacement { Carriage = [new ByteRange(placed, boxLength)], StoreLength = store.Length };
    }

    public void Remove(Stream source, Stream destination, CancellationToken cancellationToken = default) =>
        Rewrite(source, destination, 0, null, cancellationToken);

    public void Patch(Stream destination, StorePlacement placement, ReadOnlySpan<byte> store) =>
        StorePatch.WriteContiguous(destination, placement, store, ManifestBoxHeaderLength);
}
