using MediaTrust.Formats.Common;
using MediaTrust.Formats.Xmp;
using MediaTrust.IO;

namespace MediaTrust.Formats.Tiff;

internal sealed partial class TiffFormat : IRemoteReferenceWriter
{
    private const ushort ByteType = 1;

    /// <summary>
    /// Sets tag 700 (XMP, type BYTE) of IFD0 without moving any image data: the packet and a copy of IFD0 with the
    /// new entry are appended at the end of the file and the header points at the copy, whose next-IFD pointer
    /// keeps the rest of the chain (a C2PA IFD included). The old IFD0 and packet stay behind, unreferenced.
    /// </summary>
    public void WriteRemoteReference(Stream source, Stream destination, string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(url);
        var tiff = TiffStructure.Read(source, cancellationToken);
        if (tiff.Ifds.Count == 0)
        {
            throw new MalformedContentException("a TIFF without IFD0 cannot carry XMP", offset: 4, location: "TIFF");
        }

        var ifd0 = tiff.Ifds[0];
        byte[]? existing = null;
        foreach (var entry in ifd0.Entries)
        {
            if (entry.Tag == XmpTag)
            {
                existing = TiffStructure.ReadValue(source, entry, "TIFF/IFD0/700", FormatLimits.MaxMetadataLength);
            }
        }

        var packet = XmpPacket.SetProvenance(existing, url);
        var entrySize = tiff.Big ? 20 : 12;
        var countSize = tiff.Big ? 8 : 2;
        var xmpOffset = source.Length + (source.Length & 1); // values and IFDs start on a word boundary
        var ifdOffset = xmpOffset + packet.Length + (packet.Length & 1);

        // Header with the first-IFD pointer replaced, then the file as it was.
        var pointerAt = tiff.Big ? 8 : 4;
        AssetStream.CopyRange(source, 0, pointerAt, destination, cancellationToken);
        Span<byte> pointer = stackalloc byte[8];
        tiff.WriteOffset(pointer, ifdOffset);
        destination.Write(pointer[..tiff.OffsetSize]);
        AssetStream.CopyToEnd(source, pointerAt + tiff.OffsetSize, destination, cancellationToken);
        if ((source.Length & 1) != 0)
        {
            destination.WriteByte(0);
        }

        destination.Write(packet);
        if ((packet.Length & 1) != 0)
        {
            destination.WriteByte(0);
        }

        // IFD0 again, entries in ascending tag order (TIFF 6.0 §2) with tag 700 replaced or inserted.
        var kept = new List<TiffEntry>(ifd0.Entries.Count + 1);
        foreach (var entry in ifd0.Entries)
        {
            if (entry.Tag != XmpTag)
            {
                kept.Add(entry);
            }
        }

        var ifd = new byte[countSize + ((kept.Count + 1) * entrySize) + tiff.OffsetSize];
        if (tiff.Big)
        {
            tiff.WriteU64(ifd, (ulong)(kept.Count + 1));
        }
        else
        {
            tiff.WriteU16(ifd, (ushort)(kept.Count + 1));
        }

        var at = countSize;
        var inserted = false;
        foreach (var entry in kept)
        {
            if (!inserted && entry.Tag > XmpTag)
            {
                WriteXmpEntry(tiff, ifd.AsSpan(at, entrySize), packet.Length, xmpOffset);
                at += entrySize;
                inserted = true;
            }

            AssetStream.ReadAt(source, entry.EntryOffset, ifd.AsSpan(at, entrySize), "TIFF/IFD0");
            at += entrySize;
        }

        if (!inserted)
        {
            WriteXmpEntry(tiff, ifd.AsSpan(at, entrySize), packet.Length, xmpOffset);
            at += entrySize;
        }

        tiff.WriteOffset(ifd.AsSpan(at), tiff.ReadOffset(source, ifd0.NextPointerOffset));
        destination.Write(ifd);
    }

    private static void WriteXmpEntry(TiffStructure tiff, Span<byte> entry, int length, long offset)
    {
        tiff.WriteU16(entry, XmpTag);
        tiff.WriteU16(entry[2..], ByteType);
        if (tiff.Big)
        {
            tiff.WriteU64(entry[4..], (ulong)length);
            tiff.WriteU64(entry[12..], (ulong)offset);
        }
        else
        {
            tiff.WriteU32(entry[4..], (uint)length);
            tiff.WriteOffset(entry[8..], offset);
        }
    }
}
