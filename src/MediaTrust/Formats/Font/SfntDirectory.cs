using System.Buffers;
using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Font;

/// <summary>One table record of an sfnt table directory (OpenType "Table Directory": tag, checksum, offset, length).</summary>
/// <param name="Tag">The four tag bytes as a big-endian integer (so ordinal order is tag order).</param>
/// <param name="Checksum">The recorded table checksum.</param>
/// <param name="Offset">Where the table's data starts, from the beginning of the file.</param>
/// <param name="Length">The table's length without padding.</param>
/// <param name="Index">The record's position in the directory (its bytes are at 12 + 16 × index).</param>
internal readonly record struct SfntTable(uint Tag, uint Checksum, long Offset, long Length, int Index)
{
    public long End => Offset + Length;

    public long RecordOffset => SfntDirectory.HeaderLength + ((long)Index * SfntDirectory.RecordLength);

    public string Name => SfntDirectory.TagName(Tag);
}

/// <summary>
/// The table directory of a single sfnt font (TrueType 0x00010000 or <c>true</c>, CFF <c>OTTO</c>): the 12-byte
/// header and its table records, checked so that every table lies after the directory, inside the file, and
/// apart from every other table.
/// </summary>
internal sealed class SfntDirectory
{
    public const int HeaderLength = 12;
    public const int RecordLength = 16;

    /// <summary>More tables than any real font has (the registered OpenType tags number about 60).</summary>
    public const int MaxTables = 1024;

    /// <summary>OpenType "head": checkSumAdjustment is the uint32 at byte 8 of the table.</summary>
    public const int CheckSumAdjustmentOffset = 8;

    /// <summary>The value the uint32 sum of a whole font must reach (OpenType "head" table, checkSumAdjustment).</summary>
    public const uint ChecksumMagic = 0xB1B0AFBA;

    public const uint TrueType = 0x00010000;
    public const uint Cff = 0x4F54544F; // 'OTTO'
    public const uint AppleTrueType = 0x74727565; // 'true'
    public const uint Collection = 0x74746366; // 'ttcf'
    public const uint HeadTag = 0x68656164; // 'head'
    public const uint C2paTag = 0x43325041; // 'C2PA', spec 2.2 §A.3.9.1

    private SfntDirectory(uint version, List<SfntTable> tables)
    {
        Version = version;
        Tables = tables;
    }

    /// <summary>The sfnt version tag (0x00010000, <c>OTTO</c> or <c>true</c>).</summary>
    public uint Version { get; }

    /// <summary>The tables in directory order.</summary>
    public IReadOnlyList<SfntTable> Tables { get; }

    /// <summary>Length of the header and the directory, where table data may begin.</summary>
    public long DirectoryLength => HeaderLength + ((long)Tables.Count * RecordLength);

    public static bool IsSfntVersion(uint version) => version is TrueType or Cff or AppleTrueType;

    public SfntTable? Find(uint tag)
    {
        foreach (var table in Tables)
        {
            if (table.Tag == tag)
            {
                return table;
            }
        }

        return null;
    }

    /// <summary>The tables in the order their data appears in the file.</summary>
    public List<SfntTable> PhysicalOrder()
    {
        var sorted = new List<SfntTable>(Tables);
        sorted.Sort((a, b) => a.Offset != b.Offset ? a.Offset.CompareTo(b.Offset) : a.Index.CompareTo(b.Index));
        return sorted;
    }

    public static SfntDirectory Read(Stream font, CancellationToken cancellationToken)
    {
        AssetStream.RequireSeekable(font);
        Span<byte> header = stackalloc byte[HeaderLength];
        AssetStream.ReadAt(font, 0, header, "sfnt");
        var version = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (version == Collection)
        {
            throw new MalformedContentException("font collections (ttcf) are not supported: C2PA defines a C2PA table for single fonts only (spec 2.2 §A.3.9)", offset: 0, location: "sfnt");
        }

        if (!IsSfntVersion(version))
        {
            throw new MalformedContentException($"not an sfnt font: version tag 0x{version:X8}", offset: 0, location: "sfnt");
        }

        int count = BinaryPrimitives.ReadUInt16BigEndian(header[4..]);
        if (count == 0 || count > MaxTables)
        {
            throw new MalformedContentException($"the table directory declares {count} tables (1 to {MaxTables} allowed)", offset: 4, location: "sfnt");
        }

        long directoryLength = HeaderLength + (count * RecordLength);
        var records = AssetStream.ReadBytes(font, HeaderLength, directoryLength - HeaderLength, "sfnt/tableDirectory");
        var tables = new List<SfntTable>(count);
        var fileLength = font.Length;
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = records.AsSpan(i * RecordLength, RecordLength);
            var table = new SfntTable(
                BinaryPrimitives.ReadUInt32BigEndian(record),
                BinaryPrimitives.ReadUInt32BigEndian(record[4..]),
                BinaryPrimitives.ReadUInt32BigEndian(record[8..]),
                BinaryPrimitives.ReadUInt32BigEndian(record[12..]),
                i);
            if (table.Offset < directoryLength || table.End > fileLength)
            {
                throw new MalformedContentException(
                    $"table '{table.Name}' at [{table.Offset}, {table.End}) lies outside the table data [{directoryLength}, {fileLength})",
                    offset: table.RecordOffset, location: "sfnt/" + table.Name);
            }

            foreach (var other in tables)
            {
                if (other.Tag == table.Tag)
                {
                    throw new MalformedContentException($"table '{table.Name}' appears twice in the table directory", offset: table.RecordOffset, location: "sfnt/" + table.Name);
                }
            }

            tables.Add(table);
        }

        var directory = new SfntDirectory(version, tables);
        var physical = directory.PhysicalOrder();
        for (var i = 1; i < physical.Count; i++)
        {
            // Shared or overlapping table data would make the per-table hash boxes (spec 2.2 §18.7.3.6) ambiguous.
            if (physical[i].Offset < physical[i - 1].End)
            {
                throw new MalformedContentException(
                    $"tables '{physical[i - 1].Name}' and '{physical[i].Name}' overlap", offset: physical[i].Offset, location: "sfnt/" + physical[i].Name);
            }
        }

        return directory;
    }

    public static string TagName(uint tag) => string.Create(4, tag, static (chars, t) =>
    {
        for (var i = 0; i < 4; i++)
        {
            var c = (char)((t >> (24 - (8 * i))) & 0xFF);
            chars[i] = c is >= ' ' and <= '~' ? c : '?';
        }
    });

    /// <summary>
    /// The OpenType table checksum: the uint32 sum of the table's big-endian words, the last one zero-padded.
    /// For <c>head</c>, checkSumAdjustment counts as zero (OpenType "head" table).
    /// </summary>
    public static uint Checksum(Stream font, SfntTable table, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            uint sum = 0;
            var position = table.Offset;
            var remaining = table.Length;
            while (remaining > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = (int)Math.Min(buffer.Length, remaining);
                AssetStream.ReadAt(font, position, buffer.AsSpan(0, chunk), "sfnt/" + table.Name);
                if (table.Tag == HeadTag)
                {
                    ZeroAdjustment(buffer.AsSpan(0, chunk), position - table.Offset);
                }

                sum += Checksum(buffer.AsSpan(0, chunk));
                position += chunk;
                remaining -= chunk;
            }

            return sum;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The uint32 sum of <paramref name="bytes"/>, zero-padded to a multiple of 4 (chunks other than the last must be multiples of 4).</summary>
    public static uint Checksum(ReadOnlySpan<byte> bytes)
    {
        uint sum = 0;
        var whole = bytes.Length & ~3;
        for (var i = 0; i < whole; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(bytes[i..]);
        }

        if (whole < bytes.Length)
        {
            Span<byte> last = stackalloc byte[4];
            last.Clear();
            bytes[whole..].CopyTo(last);
            sum += BinaryPrimitives.ReadUInt32BigEndian(last);
        }

        return sum;
    }

    /// <summary>Zeroes the part of head's checkSumAdjustment that falls in a chunk starting <paramref name="chunkStart"/> bytes into the table.</summary>
    private static void ZeroAdjustment(Span<byte> chunk, long chunkStart)
    {
        for (var i = CheckSumAdjustmentOffset; i < CheckSumAdjustmentOffset + 4; i++)
        {
            var at = i - chunkStart;
            if (at >= 0 && at < chunk.Length)
            {
                chunk[(int)at] = 0;
            }
        }
    }
}
