using System.Buffers.Binary;
using System.Numerics;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Font;

internal sealed partial class FontFormat : IRemoteReferenceWriter
{
    /// <summary>
    /// Writes the font with a C2PA table holding <paramref name="store"/> (and the remote URI the old table had, if any).
    /// The C2PA table's data goes last, its record into the tag-sorted directory.
    /// </summary>
    public StorePlacement Embed(Stream source, Stream destination, ReadOnlyMemory<byte> store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (store.IsEmpty)
        {
            throw new ArgumentException("An empty store cannot be embedded.", nameof(store));
        }

        var directory = SfntDirectory.Read(source, cancellationToken);
        var uri = directory.Find(SfntDirectory.C2paTag) is { } old ? C2paTable.Read(source, old).Uri : null;
        var carriage = Rewrite(source, destination, directory, C2paTable.Encode(uri, store.Span), cancellationToken);
        return new StorePlacement { Carriage = carriage, StoreLength = store.Length };
    }

    /// <summary>Writes the font without a manifest store: the C2PA table goes, unless it also holds a remote URI, which is kept.</summary>
    public void Remove(Stream source, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var directory = SfntDirectory.Read(source, cancellationToken);
        var uri = directory.Find(SfntDirectory.C2paTag) is { } old ? C2paTable.Read(source, old).Uri : null;
        Rewrite(source, destination, directory, uri is null ? null : C2paTable.Encode(uri, []), cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="url"/> as the C2PA table's activeManifestUri (spec 2.2 §A.3.9.2; fonts have no XMP,
    /// §11.4), keeping an embedded store.
    /// </summary>
    public void WriteRemoteReference(Stream source, Stream destination, string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(url);
        var directory = SfntDirectory.Read(source, cancellationToken);
        byte[] store = [];
        if (directory.Find(SfntDirectory.C2paTag) is { } old && C2paTable.Read(source, old).Store is { } range)
        {
            store = AssetStream.ReadBytes(source, old.Offset + range.Start, range.Length, "sfnt/C2PA/manifestStore");
        }

        Rewrite(source, destination, directory, C2paTable.Encode(url, store), cancellationToken);
    }

    /// <summary>
    /// Overwrites the store in the C2PA table, then the table's checksum and head's checkSumAdjustment, which depend
    /// on it (OpenType "Table Directory" and "head"; spec 2.2 §18.7.3.6: checkSumAdjustment incorporates the final
    /// C2PA table). All three lie in the placement's carriage.
    /// </summary>
    public void Patch(Stream destination, StorePlacement placement, ReadOnlySpan<byte> store)
    {
        StorePatch.RequireSameLength(placement, store);
        var directory = SfntDirectory.Read(destination, CancellationToken.None);
        var c2pa = directory.Find(SfntDirectory.C2paTag) ?? throw new ArgumentException("The font has no C2PA table to patch.", nameof(destination));
        var contents = C2paTable.Read(destination, c2pa);
        if (contents.Store is not { } range || range.Length != store.Length || !placement.Carriage.Contains(new ByteRange(c2pa.Offset, c2pa.Length)))
        {
            throw new ArgumentException("The placement does not describe this font's C2PA table.", nameof(placement));
        }

        var before = SfntDirectory.Checksum(destination, c2pa, CancellationToken.None);
        AssetStream.WriteAt(destination, c2pa.Offset + range.Start, store);
        var after = SfntDirectory.Checksum(destination, c2pa, CancellationToken.None);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, after);
        AssetStream.WriteAt(destination, c2pa.RecordOffset + 4, word);

        if (directory.Find(SfntDirectory.HeadTag) is { } head)
        {
            // The font's sum changes by the table's new words and by its record's new checksum field.
            var at = head.Offset + SfntDirectory.CheckSumAdjustmentOffset;
            var adjustment = AssetStream.ReadUInt32BigEndian(destination, at, "sfnt/head");
            adjustment -= (after - before) + (after - c2pa.Checksum);
            BinaryPrimitives.WriteUInt32BigEndian(word, adjustment);
            AssetStream.WriteAt(destination, at, word);
        }
    }

    /// <summary>
    /// Writes header, tag-sorted directory, the tables other than C2PA in their file order (each 4-byte aligned and
    /// zero-padded), then <paramref name="c2pa"/> when given. Every table checksum and head's checkSumAdjustment are
    /// computed afresh (OpenType "Table Directory", "head"). Bytes outside any table are not kept.
    /// Returns the C2PA table's carriage in the output.
    /// </summary>
    private static List<ByteRange> Rewrite(Stream source, Stream destination, SfntDirectory directory, byte[]? c2pa, CancellationToken cancellationToken)
    {
        var kept = directory.PhysicalOrder();
        kept.RemoveAll(t => t.Tag == SfntDirectory.C2paTag);
        var count = kept.Count + (c2pa is null ? 0 : 1);
        if (count == 0)
        {
            throw new MalformedContentException("the font has no table besides C2PA", offset: 4, location: "sfnt");
        }

        long directoryLength = SfntDirectory.HeaderLength + (count * SfntDirectory.RecordLength);
        var records = new (uint Tag, uint Checksum, long Offset, long Length)[count];
        var position = directoryLength;
        for (var i = 0; i < kept.Count; i++)
        {
            var table = kept[i];
            records[i] = (table.Tag, SfntDirectory.Checksum(source, table, cancellationToken), position, table.Length);
            position = Align(position + table.Length);
        }

        var c2paOffset = position;
        if (c2pa is not null)
        {
            records[^1] = (SfntDirectory.C2paTag, SfntDirectory.Checksum(c2pa), c2paOffset, c2pa.Length);
            position = Align(position + c2pa.Length);
        }

        if (position > uint.MaxValue)
        {
            throw new MalformedContentException("the font would exceed the 4 GiB that Offset32 reaches", offset: 0, location: "sfnt");
        }

        Array.Sort(records, (a, b) => a.Tag.CompareTo(b.Tag)); // OpenType: records sorted by tag, ascending
        var header = new byte[directoryLength];
        var span = header.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, directory.Version);
        var power = (int)BitOperations.RoundUpToPowerOf2((uint)count + 1) >> 1; // largest power of 2 ≤ count
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(power * 16)); // searchRange
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)BitOperations.Log2((uint)power)); // entrySelector
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)((count - power) * 16)); // rangeShift
        uint tableSum = 0;
        var c2paRecord = -1L;
        for (var i = 0; i < count; i++)
        {
            var record = span.Slice(SfntDirectory.HeaderLength + (i * SfntDirectory.RecordLength), SfntDirectory.RecordLength);
            BinaryPrimitives.WriteUInt32BigEndian(record, records[i].Tag);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], records[i].Checksum);
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)records[i].Offset);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)records[i].Length);
            tableSum += records[i].Checksum;
            if (records[i].Tag == SfntDirectory.C2paTag)
            {
                c2paRecord = SfntDirectory.HeaderLength + (i * SfntDirectory.RecordLength);
            }
        }

        // OpenType "head": checkSumAdjustment = 0xB1B0AFBA − the uint32 sum of the whole font with it set to 0;
        // with aligned, zero-padded tables that sum is the directory's words plus every table checksum.
        var adjustment = SfntDirectory.ChecksumMagic - (SfntDirectory.Checksum(header) + tableSum);
        destination.Write(header);
        var written = directoryLength;
        long adjustmentAt = -1;
        foreach (var table in kept)
        {
            if (table.Tag == SfntDirectory.HeadTag && table.Length >= SfntDirectory.CheckSumAdjustmentOffset + 4)
            {
                var head = AssetStream.ReadBytes(source, table.Offset, table.Length, "sfnt/head", FormatLimits.MaxMetadataLength);
                BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(SfntDirectory.CheckSumAdjustmentOffset), adjustment);
                destination.Write(head);
                adjustmentAt = written + SfntDirectory.CheckSumAdjustmentOffset;
            }
            else
            {
                AssetStream.CopyRange(source, table.Offset, table.Length, destination, cancellationToken);
            }

            written = Pad(destination, written + table.Length);
        }

        if (c2pa is null)
        {
            return [];
        }

        destination.Write(c2pa);
        Pad(destination, written + c2pa.Length);
        var carriage = new List<ByteRange>(3) { new(c2paRecord, SfntDirectory.RecordLength) };
        if (adjustmentAt >= 0)
        {
            carriage.Add(new ByteRange(adjustmentAt, 4));
        }

        carriage.Add(new ByteRange(c2paOffset, c2pa.Length));
        return carriage;
    }

    private static long Align(long position) => (position + 3) & ~3L;

    private static long Pad(Stream destination, long position)
    {
        var aligned = Align(position);
        for (var i = position; i < aligned; i++)
        {
            destination.WriteByte(0);
        }

        return aligned;
    }
}
