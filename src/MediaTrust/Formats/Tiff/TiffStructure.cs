using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Tiff;

/// <summary>One IFD entry: where it is and what it points at.</summary>
internal readonly record struct TiffEntry(ushort Tag, ushort Type, long Count, long EntryOffset, long ValueOffset, long ValueLength);

/// <summary>One IFD of the main chain.</summary>
internal sealed record TiffIfd(long Offset, long Length, IReadOnlyList<TiffEntry> Entries, long NextPointerOffset);

/// <summary>
/// The main IFD chain of a classic TIFF or BigTIFF file in either byte order. The chain is bounded in length
/// (<see cref="MaxIfdCount"/>), loops are detected, and every entry count and value range is checked against
/// the file before it is used. IFDs that overlap (e.g. one every few bytes over the same 65,535 entries) cannot
/// multiply the cost: all the chain's entries together must fit in the file (docs/robustness.md).
/// </summary>
internal sealed class TiffStructure
{
    /// <summary>Most IFDs followed in the main chain (a multi-page TIFF rarely has more than a few dozen).</summary>
    public const int MaxIfdCount = 256;

    private static readonly int[] TypeSizes = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8];

    public required bool LittleEndian { get; init; }

    public required bool Big { get; init; }

    public required IReadOnlyList<TiffIfd> Ifds { get; init; }

    public int OffsetSize => Big ? 8 : 4;

    public static bool IsTiff(ReadOnlySpan<byte> h) =>
        h.Length >= 4 && ((h[0] == 'I' && h[1] == 'I' && (h[2] == 42 || h[2] == 43) && h[3] == 0)
            || (h[0] == 'M' && h[1] == 'M' && h[2] == 0 && (h[3] == 42 || h[3] == 43)));

    public static TiffStructure Read(Stream asset, CancellationToken cancellationToken)
    {
        AssetStream.RequireSeekable(asset);
        Span<byte> header = stackalloc byte[16];
        var read = AssetStream.ReadUpTo(asset, 0, header);
        if (read < 8 || !IsTiff(header))
        {
            throw new MalformedContentException("not a TIFF file", offset: 0, location: "TIFF");
        }

        var little = header[0] == 'I';
        var big = (little ? header[2] : header[3]) == 43;
        var structure = new TiffStructure { LittleEndian = little, Big = big, Ifds = [] };
        if (big && (read < 16 || structure.U16(header[4..]) != 8))
        {
            throw new MalformedContentException("BigTIFF header with an unsupported offset size", offset: 4, location: "TIFF");
        }

        var ifds = new List<TiffIfd>();
        var visited = new HashSet<long>();
        var entryBytes = 0L;
        var pointerOffset = big ? 8L : 4L;
        var next = structure.ReadOffset(asset, pointerOffset);
        while (next != 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ifds.Count >= MaxIfdCount)
            {
                throw new MalformedContentException($"more than {MaxIfdCount} IFDs in the main chain", offset: next, location: "TIFF/IFD");
            }

            if (!visited.Add(next))
            {
                throw new MalformedContentException("the IFD chain loops", offset: next, location: $"TIFF/IFD{ifds.Count}");
            }

            var ifd = structure.ReadIfd(asset, next, ifds.Count, ref entryBytes);
            ifds.Add(ifd);
            pointerOffset = ifd.NextPointerOffset;
            next = structure.ReadOffset(asset, pointerOffset);
        }

        return new TiffStructure { LittleEndian = little, Big = big, Ifds = ifds };
    }

    private TiffIfd ReadIfd(Stream asset, long offset, int index, ref long entryBytes)
    {
        var location = $"TIFF/IFD{index}";
        var countSize = Big ? 8 : 2;
        var entrySize = Big ? 20 : 12;
        Span<byte> countBytes = stackalloc byte[8];
        AssetStream.ReadAt(asset, offset, countBytes[..countSize], location);
        var count = Big ? (long)Math.Min(U64(countBytes), long.MaxValue) : U16(countBytes);
        var length = countSize + (count * entrySize) + OffsetSize;
        if (count > ushort.MaxValue || offset + length > asset.Length)
        {
            throw new MalformedContentException($"IFD with {count} entries runs past the end of the file", offset: offset, location: location);
        }

        // Entries of distinct IFDs occupy distinct bytes: more entry bytes than the file holds means they overlap.
        entryBytes += count * entrySize;
        if (entryBytes > asset.Length)
        {
            throw new MalformedContentException($"the IFDs list {entryBytes} bytes of entries in a {asset.Length}-byte file: they overlap", offset: offset, location: location);
        }

        var bytes = AssetStream.ReadBytes(asset, offset + countSize, count * entrySize, location);
        var entries = new List<TiffEntry>((int)count);
        for (var i = 0; i < count; i++)
        {
            var e = bytes.AsSpan(i * entrySize, entrySize);
            var tag = U16(e);
            var type = U16(e[2..]);
            var valueCount = Big ? (long)Math.Min(U64(e[4..]), long.MaxValue / 8) : U32(e[4..]);
            var typeSize = type < TypeSizes.Length ? TypeSizes[type] : 0;
            var valueLength = typeSize * valueCount;
            var entryOffset = offset + countSize + (i * entrySize);
            var inlineOffset = entryOffset + (Big ? 12 : 8);
            var valueOffset = valueLength <= OffsetSize ? inlineOffset : (Big ? (long)Math.Min(U64(e[12..]), long.MaxValue) : U32(e[8..]));
            entries.Add(new TiffEntry(tag, type, valueCount, entryOffset, valueOffset, valueLength));
        }

        return new TiffIfd(offset, length, entries, offset + countSize + (count * entrySize));
    }

    public long ReadOffset(Stream asset, long at)
    {
        Span<byte> b = stackalloc byte[8];
        AssetStream.ReadAt(asset, at, b[..OffsetSize], "TIFF");
        return Big ? (long)Math.Min(U64(b), long.MaxValue) : U32(b);
    }

    /// <summary>Reads an entry's value bytes after checking they lie inside the file.</summary>
    public static byte[] ReadValue(Stream asset, TiffEntry entry, string location, int maxLength)
    {
        if (entry.ValueLength > asset.Length || entry.ValueOffset > asset.Length - entry.ValueLength)
        {
            throw new MalformedContentException($"tag {entry.Tag} value of {entry.ValueLength} bytes lies outside the file", offset: entry.EntryOffset, location: location);
        }

        return AssetStream.ReadBytes(asset, entry.ValueOffset, entry.ValueLength, location, maxLength);
    }

    public ushort U16(ReadOnlySpan<byte> b) => LittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);

    public uint U32(ReadOnlySpan<byte> b) => LittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);

    public ulong U64(ReadOnlySpan<byte> b) => LittleEndian ? BinaryPrimitives.ReadUInt64LittleEndian(b) : BinaryPrimitives.ReadUInt64BigEndian(b);

    public void WriteU16(Span<byte> b, ushort v)
    {
        if (LittleEndian) { BinaryPrimitives.WriteUInt16LittleEndian(b, v); } else { BinaryPrimitives.WriteUInt16BigEndian(b, v); }
    }

    public void WriteU32(Span<byte> b, uint v)
    {
        if (LittleEndian) { BinaryPrimitives.WriteUInt32LittleEndian(b, v); } else { BinaryPrimitives.WriteUInt32BigEndian(b, v); }
    }

    public void WriteU64(Span<byte> b, ulong v)
    {
        if (LittleEndian) { BinaryPrimitives.WriteUInt64LittleEndian(b, v); } else { BinaryPrimitives.WriteUInt64BigEndian(b, v); }
    }

    public void WriteOffset(Span<byte> b, long v)
    {
        if (Big)
        {
            WriteU64(b, (ulong)v);
        }
        else
        {
            if (v > uint.MaxValue)
            {
                throw new MalformedContentException("the file is too large for a classic TIFF offset (use BigTIFF)", location: "TIFF");
            }

            WriteU32(b, (uint)v);
        }
    }
}
