using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Id3;

/// <summary>One ID3v2 frame: raw range (header included) and, for a C2PA GEOB, the range of its object data.</summary>
internal readonly record struct Id3Frame(string Id, ByteRange Range, ByteRange? C2paData, bool IsXmp);

/// <summary>
/// An ID3v2.2/2.3/2.4 tag at the start of a file, read frame header by frame header. The tag size (syncsafe,
/// so at most 256 MiB) bounds every frame; compressed, encrypted or unsynchronised frames are skipped, never
/// decoded, so a hostile frame cannot drive a decompressor.
/// </summary>
internal sealed class Id3Tag
{
    private static readonly string[] C2paMimeTypes = ["application/c2pa", "application/x-c2pa-manifest-store"];

    public required byte Version { get; init; }

    public required byte Flags { get; init; }

    /// <summary>Total bytes of the tag: header, extended header, frames, padding and footer.</summary>
    public required long Length { get; init; }

    /// <summary>Range of the extended header, if any (copied verbatim when rewriting).</summary>
    public required ByteRange ExtendedHeader { get; init; }

    public required IReadOnlyList<Id3Frame> Frames { get; init; }

    /// <summary>Bytes of padding after the last frame.</summary>
    public required long Padding { get; init; }

    public bool HasFooter => Version == 4 && (Flags & 0x10) != 0;

    public static bool StartsWithTag(ReadOnlySpan<byte> header) =>
        header.Length >= 10 && header[..3].SequenceEqual("ID3"u8) && header[3] is >= 2 and <= 4 && header[4] != 0xFF
        && (header[6] | header[7] | header[8] | header[9]) < 0x80;

    /// <summary>The tag at the start of <paramref name="asset"/>, or null when there is none.</summary>
    public static Id3Tag? Read(Stream asset, CancellationToken cancellationToken)
    {
        AssetStream.RequireSeekable(asset);
        Span<byte> header = stackalloc byte[10];
        if (AssetStream.ReadUpTo(asset, 0, header) < 10 || !StartsWithTag(header))
        {
            return null;
        }

        var version = header[3];
        var flags = header[5];
        long size = SyncSafe(header[6..]);
        var footer = version == 4 && (flags & 0x10) != 0 ? 10 : 0;
        var length = 10 + size + footer;
        if (length > asset.Length)
        {
            throw new MalformedContentException($"ID3 tag of {length} bytes is longer than the file", offset: 6, location: "ID3");
        }

        var end = 10 + size;
        long pos = 10;
        var extended = new ByteRange(10, 0);
        if ((flags & 0x40) != 0 && version >= 3)
        {
            var extSize = version == 3 ? AssetStream.ReadUInt32BigEndian(asset, 10, "ID3") + 4 : ReadSyncSafe(asset, 10);
            if (extSize < 4 || extSize > size)
            {
                throw new MalformedContentException("ID3 extended header does not fit the tag", offset: 10, location: "ID3");
            }

            extended = new ByteRange(10, extSize);
            pos += extSize;
        }

        var frames = new List<Id3Frame>();
        var unsynchronised = (flags & 0x80) != 0;
        var headerLength = version == 2 ? 6 : 10;
        Span<byte> frameHeader = stackalloc byte[10];
        while (end - pos >= headerLength)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AssetStream.ReadAt(asset, pos, frameHeader[..headerLength], "ID3");
            if (frameHeader[0] == 0)
            {
                break; // padding
            }

            var idLength = version == 2 ? 3 : 4;
            var id = System.Text.Encoding.ASCII.GetString(frameHeader[..idLength]);
            long frameSize = version switch
            {
                2 => (frameHeader[3] << 16) | (frameHeader[4] << 8) | frameHeader[5],
                3 => BinaryPrimitives.ReadUInt32BigEndian(frameHeader[4..]),
                _ => SyncSafe(frameHeader[4..]),
            };
            if (frameSize > end - pos - headerLength)
            {
                throw new MalformedContentException($"ID3 frame '{id}' of {frameSize} bytes runs past the tag", offset: pos, location: "ID3/" + id);
            }

            var dataStart = pos + headerLength;
            ByteRange? c2pa = null;
            var formatFlags = version == 2 ? 0 : frameHeader[9];
            // v2.3: compression 0x80, encryption 0x40; v2.4: compression 0x08, encryption 0x04, unsync 0x02, length 0x01.
            var encoded = version == 3 ? (formatFlags & 0xC0) != 0 : version == 4 && (formatFlags & 0x0F) != 0;
            if ((id == "GEOB" || id == "GEO") && !encoded && !unsynchronised)
            {
                c2pa = FindC2paObject(asset, dataStart, frameSize);
            }

            frames.Add(new Id3Frame(id, new ByteRange(pos, headerLength + frameSize), c2pa, id is "PRIV" or "XMP "));
            pos = dataStart + frameSize;
            if (frames.Count > FormatLimits.MaxElementCount)
            {
                throw new MalformedContentException("too many ID3 frames", offset: pos, location: "ID3");
            }
        }

        return new Id3Tag { Version = version, Flags = flags, Length = length, ExtendedHeader = extended, Frames = frames, Padding = end - pos };
    }

    /// <summary>
    /// Parses a GEOB body (encoding, MIME, filename, description, object; id3v2.3 §4.16) and returns the object range
    /// when the MIME type is the C2PA one (spec 2.2 §A.3.4).
    /// </summary>
    private static ByteRange? FindC2paObject(Stream asset, long start, long size)
    {
        // Only the text fields are read (bounded); the object itself is not loaded here.
        var headLength = (int)Math.Min(size, 1024);
        var head = AssetStream.ReadBytes(asset, start, headLength, "ID3/GEOB");
        if (head.Length < 2)
        {
            return null;
        }

        var encoding = head[0];
        var wide = encoding is 1 or 2;
        var pos = 1;
        var mimeEnd = Array.IndexOf(head, (byte)0, pos);
        if (mimeEnd < 0)
        {
            return null;
        }

        var mime = System.Text.Encoding.Latin1.GetString(head, pos, mimeEnd - pos);
        if (Array.IndexOf(C2paMimeTypes, mime) < 0)
        {
            return null;
        }

        pos = mimeEnd + 1;
        for (var field = 0; field < 2; field++) // filename, description
        {
            pos = SkipText(head, pos, wide);
            if (pos < 0)
            {
                return null;
            }
        }

        return new ByteRange(start + pos, size - pos);
    }

    private static int SkipText(byte[] b, int pos, bool wide)
    {
        if (!wide)
        {
            var nul = Array.IndexOf(b, (byte)0, pos);
            return nul < 0 ? -1 : nul + 1;
        }

        for (var i = pos; i + 1 < b.Length; i += 2)
        {
            if (b[i] == 0 && b[i + 1] == 0)
            {
                return i + 2;
            }
        }

        return -1;
    }

    private static long ReadSyncSafe(Stream asset, long offset)
    {
        Span<byte> b = stackalloc byte[4];
        AssetStream.ReadAt(asset, offset, b, "ID3");
        return SyncSafe(b);
    }

    public static long SyncSafe(ReadOnlySpan<byte> b) => ((b[0] & 0x7F) << 21) | ((b[1] & 0x7F) << 14) | ((b[2] & 0x7F) << 7) | (b[3] & 0x7F);

    public static void WriteSyncSafe(Span<byte> b, long value)
    {
        if (value >= 1 << 28)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "ID3 sizes are limited to 256 MiB.");
        }

        b[0] = (byte)((value >> 21) & 0x7F);
        b[1] = (byte)((value >> 14) & 0x7F);
        b[2] = (byte)((value >> 7) & 0x7F);
        b[3] = (byte)(value & 0x7F);
    }
}
