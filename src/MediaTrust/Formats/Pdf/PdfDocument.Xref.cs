using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Pdf;

internal sealed partial class PdfDocument
{
    /// <summary>How far from the end <c>startxref</c> is looked for (the file trailer, ISO 32000-2 §7.5.5).</summary>
    private const int TailLength = 2048;

    private void ReadSections(CancellationToken cancellationToken)
    {
        var visited = new HashSet<long>();
        PdfXrefSection? absorbInto = null;
        long? offset = FindStartXref();
        while (offset is long at)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!visited.Add(at))
            {
                throw new MalformedContentException("the /Prev chain of cross-reference sections loops", offset: at, location: "PDF trailer");
            }

            if (visited.Count > MaxRevisions)
            {
                throw new MalformedContentException($"more than {MaxRevisions} cross-reference sections", offset: at, location: "PDF trailer");
            }

            var section = ReadSection(at);
            var prev = section.Trailer["Prev"] switch
            {
                null => (long?)null,
                long value => value,
                var other => throw new MalformedContentException($"trailer /Prev is {other}, not an offset", offset: at, location: "PDF trailer"),
            };

            if (absorbInto is not null)
            {
                // The main table of a linearized file (Annex F): same revision as the first-page table before it.
                foreach (var (number, entry) in section.Entries)
                {
                    absorbInto.Entries.TryAdd(number, entry);
                }
            }
            else
            {
                Sections.Add(section);
            }

            // An incremental update's /Prev points back into the file; only a linearized file's first-page
            // table points forward, to the main table of the same revision.
            absorbInto = prev > at ? absorbInto ?? section : null;
            offset = prev;
        }
    }

    private long FindStartXref()
    {
        var tailStart = Math.Max(0, _source.Length - TailLength);
        var tail = AssetStream.ReadBytes(_stream, tailStart, _source.Length - tailStart, "PDF trailer");
        var at = tail.AsSpan().LastIndexOf("startxref"u8);
        if (at < 0)
        {
            throw new MalformedContentException("no 'startxref' near the end of the file (truncated PDF?)", offset: tailStart, location: "PDF trailer");
        }

        var parser = new PdfParser(_source, tailStart + at + "startxref".Length);
        return parser.ReadInteger();
    }

    private PdfXrefSection ReadSection(long offset)
    {
        if (offset >= _source.Length)
        {
            throw new MalformedContentException($"cross-reference offset {offset} lies past the end of the file ({_source.Length} bytes)", offset: offset, location: "PDF xref");
        }

        var parser = new PdfParser(_source, offset);
        if (parser.TryKeyword("xref"))
        {
            var section = ReadTable(parser, offset);

            // A hybrid-reference file (§7.5.8.4) lists compressed objects in the stream /XRefStm names; the
            // table's own entries take precedence over it.
            if (section.Trailer["XRefStm"] is long streamOffset)
            {
                var stream = ReadXrefStream(streamOffset);
                foreach (var (number, entry) in stream.Entries)
                {
                    section.Entries.TryAdd(number, entry);
                }
            }

            return section;
        }

        return ReadXrefStream(offset);
    }

    // ISO 32000-2 §7.5.4: subsections "first count" followed by count entries "offset generation n|f".
    private PdfXrefSection ReadTable(PdfParser parser, long offset)
    {
        var entries = new Dictionary<int, PdfXrefEntry>();
        while (!parser.TryKeyword("trailer"))
        {
            var first = parser.ReadInteger();
            var count = parser.ReadInteger();
            if (first > int.MaxValue || count > (_source.Length - parser.Position) / 18 + 1 || first + count > int.MaxValue)
            {
                throw new MalformedContentException($"cross-reference subsection {first} {count} is larger than the file", offset: parser.Position, location: "PDF xref");
            }

            for (var i = 0; i < count; i++)
            {
                var field2 = parser.ReadInteger();
                var generation = parser.ReadInteger();
                var inUse = parser.TryKeyword("n");
                if (!inUse && !parser.TryKeyword("f"))
                {
                    throw parser.Error("cross-reference entry is neither 'n' nor 'f'", parser.Position);
                }

                entries.TryAdd((int)(first + i), new PdfXrefEntry(inUse ? (byte)1 : (byte)0, field2, generation));
            }
        }

        if (parser.ParseObject(0) is not PdfDictionary trailer)
        {
            throw parser.Error("'trailer' is not followed by a dictionary", parser.Position);
        }

        var section = new PdfXrefSection { Offset = offset, Trailer = trailer };
        foreach (var (number, entry) in entries)
        {
            section.Entries[number] = entry;
        }

        return section;
    }

    // ISO 32000-2 §7.5.8: a stream of fixed-width rows, field widths in /W, subsections in /Index.
    private PdfXrefSection ReadXrefStream(long offset)
    {
        if (ParseIndirectObject(_source, offset, -1, 0) is not PdfStream stream || !stream.Dictionary.IsName("Type", "XRef"))
        {
            throw new MalformedContentException("the cross-reference offset points at neither 'xref' nor an /XRef stream", offset: offset, location: "PDF xref");
        }

        var dictionary = stream.Dictionary;
        if (dictionary["W"] is not List<object?> { Count: 3 } w || w[0] is not long w0 || w[1] is not long w1 || w[2] is not long w2
            || w0 is < 0 or > 1 || w1 is < 0 or > 8 || w2 is < 0 or > 8 || w0 + w1 + w2 == 0)
        {
            throw new MalformedContentException("cross-reference stream /W is not three small widths", offset: offset, location: "PDF xref stream");
        }

        var size = dictionary["Size"] as long? ?? -1;
        if (size is < 0 or > int.MaxValue)
        {
            throw new MalformedContentException("cross-reference stream /Size is missing or out of range", offset: offset, location: "PDF xref stream");
        }

        var index = dictionary["Index"] as List<object?> ?? [0L, size];
        var data = DecodeStream(stream, FormatLimits.MaxMetadataLength);
        var rowLength = (int)(w0 + w1 + w2);
        var section = new PdfXrefSection { Offset = offset, Trailer = dictionary };
        var row = 0;
        for (var s = 0; s + 1 < index.Count; s += 2)
        {
            if (index[s] is not long first || index[s + 1] is not long count || first < 0 || count < 0 || first + count > int.MaxValue)
            {
                throw new MalformedContentException("cross-reference stream /Index is malformed", offset: offset, location: "PDF xref stream");
            }

            if ((row + count) * rowLength > data.Length)
            {
                throw new MalformedContentException($"cross-reference stream has {data.Length / rowLength} rows, /Index needs {row + count}", offset: offset, location: "PDF xref stream");
            }

            for (var i = 0; i < count; i++, row++)
            {
                var fields = data.AsSpan(row * rowLength, rowLength);
                var type = w0 == 0 ? 1L : Field(fields[..(int)w0]);
                var field2 = Field(fields.Slice((int)w0, (int)w1));
                var field3 = Field(fields.Slice((int)(w0 + w1), (int)w2));
                if (type <= 2)
                {
                    // Other types are reserved and mean "null object" (§7.5.8.3).
                    section.Entries.TryAdd((int)(first + i), new PdfXrefEntry((byte)type, field2, field3));
                }
            }
        }

        return section;
    }

    private static long Field(ReadOnlySpan<byte> bytes)
    {
        long value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value < 0 ? long.MaxValue : value;
    }
}
