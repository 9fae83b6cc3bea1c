using System.Buffers.Binary;
using MediaTrust.IO;

namespace MediaTrust.Formats.Bmff;

/// <summary>
/// Maps absolute offsets of the source file to the rewritten file (top-level boxes keep their content and
/// order, some are dropped, one is inserted) and rewrites the fields that store absolute offsets:
/// <c>stco</c>/<c>co64</c> chunk offsets, <c>iloc</c> item extents with construction method 0, and an explicit
/// <c>tfhd</c> base_data_offset. Offsets relative to a <c>moof</c> or <c>sidx</c> do not change.
/// </summary>
internal sealed class BmffOffsets
{
    private readonly List<(long Source, long Size, long Output)> _segments = [];

    public void Add(long source, long size, long output) => _segments.Add((source, size, output));

    /// <summary>The output offset for a source offset (data in a dropped box maps to where it would have been).</summary>
    public long Map(long offset)
    {
        long delta = 0;
        foreach (var (source, size, output) in _segments)
        {
            if (offset < source)
            {
                break;
            }

            delta = output - source;
            if (offset < source + size)
            {
                break;
            }
        }

        return offset + delta;
    }

    /// <summary>Whether any box's offset changes (if none, nothing needs fixing).</summary>
    public bool Shifts(BmffBox box)
    {
        foreach (var (source, _, output) in _segments)
        {
            if (source != output)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rewrites the offset fields inside <paramref name="bytes"/>, which hold <paramref name="box"/>.</summary>
    public void FixUp(byte[] bytes, BmffBox box)
    {
        foreach (var child in box.Descendants())
        {
            var start = (int)(child.DataOffset - box.Offset);
            var span = bytes.AsSpan(start, (int)(child.End - child.DataOffset));
            switch (child.Type)
            {
                case "stco":
                    FixChunkOffsets(span, 4, child);
                    break;
                case "co64":
                    FixChunkOffsets(span, 8, child);
                    break;
                case "iloc" when child.Parent?.Type == "meta":
                    FixItemLocations(span, child);
                    break;
                case "tfhd":
                    FixTrackFragmentHeader(span, child);
                    break;
            }
        }

        // The iloc of a top-level meta box is a direct child, already covered by Descendants().
    }

    private void FixChunkOffsets(Span<byte> data, int width, BmffBox box)
    {
        if (data.Length < 8)
        {
            throw new MalformedContentException("truncated chunk offset box", offset: box.Offset, location: box.Path);
        }

        var count = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        if (count > (data.Length - 8) / width)
        {
            throw new MalformedContentException($"chunk offset count {count} exceeds the box", offset: box.Offset, location: box.Path);
        }

        for (var i = 0; i < count; i++)
        {
            var field = data.Slice(8 + (i * width), width);
            Write(field, Map(Read(field)), box);
        }
    }

    private void FixTrackFragmentHeader(Span<byte> data, BmffBox box)
    {
        // tf_flags 0x000001: base-data-offset-present (absolute unless default-base-is-moof, which then is unused).
        if (data.Length >= 16 && (data[3] & 0x01) != 0)
        {
            var field = data.Slice(8, 8);
            Write(field, Map(Read(field)), box);
        }
    }

    private void FixItemLocations(Span<byte> data, BmffBox box)
    {
        var r = new SpanCursor(data, box);
        var version = r.Byte();
        r.Skip(3);
        var sizes = r.Byte();
        var offsetSize = sizes >> 4;
        var lengthSize = sizes & 0x0F;
        var sizes2 = r.Byte();
        var baseOffsetSize = sizes2 >> 4;
        var indexSize = version is 1 or 2 ? sizes2 & 0x0F : 0;
        var itemCount = version < 2 ? r.Read(2) : r.Read(4);
        for (long i = 0; i < itemCount; i++)
        {
            r.Skip(version < 2 ? 2 : 4); // item_ID
            var constructionMethod = 0;
            if (version is 1 or 2)
            {
                constructionMethod = (int)(r.Read(2) & 0x0F);
            }

            var dataReferenceIndex = r.Read(2);
            var absolute = constructionMethod == 0 && dataReferenceIndex == 0;
            var baseField = r.Field(baseOffsetSize);
            var baseOffset = Read(baseField);
            if (absolute && baseOffset != 0)
            {
                Write(baseField, Map(baseOffset), box);
            }

            var extentCount = r.Read(2);
            for (var e = 0; e < extentCount; e++)
            {
                r.Skip(indexSize);
                var offsetField = r.Field(offsetSize);
                if (absolute && baseOffset == 0 && offsetField.Length > 0)
                {
                    Write(offsetField, Map(Read(offsetField)), box);
                }

                r.Skip(lengthSize);
            }
        }
    }

    private static long Read(ReadOnlySpan<byte> field) => field.Length switch
    {
        0 => 0,
        4 => BinaryPrimitives.ReadUInt32BigEndian(field),
        8 => (long)BinaryPrimitives.ReadUInt64BigEndian(field),
        _ => throw new MalformedContentException($"unsupported {field.Length}-byte offset field"),
    };

    private static void Write(Span<byte> field, long value, BmffBox box)
    {
        if (field.Length == 4)
        {
            if (value is < 0 or > uint.MaxValue)
            {
                throw new MalformedContentException("a 32-bit offset would overflow after inserting the manifest box", offset: box.Offset, location: box.Path);
            }

            BinaryPrimitives.WriteUInt32BigEndian(field, (uint)value);
        }
        else if (field.Length == 8)
        {
            BinaryPrimitives.WriteUInt64BigEndian(field, (ulong)value);
        }
    }

    /// <summary>A bounds-checked cursor over a box payload.</summary>
    private ref struct SpanCursor(Span<byte> data, BmffBox box)
    {
        private readonly Span<byte> _data = data;
        private int _pos;

        public byte Byte() => Field(1)[0];

        public long Read(int width) => width == 2 ? BinaryPrimitives.ReadUInt16BigEndian(Field(2)) : BmffOffsets.Read(Field(width));

        public void Skip(int count) => Field(count);

        public Span<byte> Field(int width)
        {
            if (width < 0 || _pos + width > _data.Length)
            {
                throw new MalformedContentException("truncated item location box", offset: box.Offset, location: box.Path);
            }

            var field = _data.Slice(_pos, width);
            _pos += width;
            return field;
        }
    }
}
