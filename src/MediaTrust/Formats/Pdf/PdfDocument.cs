using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Pdf;

/// <summary>
/// A PDF opened for reading: its cross-reference sections, newest first (the chain from the last
/// <c>startxref</c> through <c>/Prev</c>, ISO 32000-2 §7.5.6), and resolution of indirect objects as of any
/// revision, including objects inside object streams (§7.5.7). Every step is bounded: the number of
/// revisions, of objects loaded, of entries, the decoded size of streams, and reference cycles are errors.
/// </summary>
internal sealed partial class PdfDocument
{
    /// <summary>Most revisions (incremental updates) followed through <c>/Prev</c>.</summary>
    public const int MaxRevisions = 4096;

    /// <summary>Most objects loaded while reading one document.</summary>
    public const int MaxObjectLoads = 100_000;

    private const int MaxResolveDepth = 32;

    private readonly Stream _stream;
    private readonly PdfSource _source;
    private readonly Dictionary<PdfXrefEntry, object?> _cache = [];
    private readonly Dictionary<long, (byte[] Data, long[] Offsets, int[] Numbers)> _objectStreams = [];
    private readonly HashSet<PdfXrefEntry> _loading = [];
    private int _loads;
    private long _decodeBudget;

    private PdfDocument(Stream stream)
    {
        _stream = stream;
        _source = new PdfSource(stream);
        _decodeBudget = FormatLimits.PdfDecodeBudget(_source.Length);
    }

    /// <summary>Cross-reference sections, newest revision first.</summary>
    public List<PdfXrefSection> Sections { get; } = [];

    public long Length => _source.Length;

    /// <summary>Whether a trailer names an /Encrypt dictionary: strings and streams other than xref streams are then encrypted (ISO 32000-2 §7.6).</summary>
    public bool IsEncrypted { get; private set; }

    public static PdfDocument Open(Stream stream, CancellationToken cancellationToken)
    {
        var document = new PdfDocument(stream);
        document.ReadSections(cancellationToken);
        document.IsEncrypted = document.Sections.Exists(s => s.Trailer["Encrypt"] is not null);
        return document;
    }

    /// <summary>Resolves <paramref name="value"/> when it is a reference, as of revision <paramref name="revision"/>; other values pass through.</summary>
    public object? Resolve(object? value, int revision = 0) =>
        value is PdfRef reference ? GetObject(reference, revision, 0) : value;

    /// <summary>The object <paramref name="reference"/> names in revision <paramref name="revision"/> (newer sections win), or null.</summary>
    public object? GetObject(PdfRef reference, int revision, int depth)
    {
        for (var i = revision; i < Sections.Count; i++)
        {
            if (Sections[i].Entries.TryGetValue(reference.Number, out var entry))
            {
                return Load(reference, entry, depth);
            }
        }

        return null;
    }

    /// <summary>Reads a stream's raw bytes and decodes them, bounded by <paramref name="maxLength"/>.</summary>
    public byte[] DecodeStream(PdfStream stream, int maxLength, int revision = 0)
    {
        var raw = AssetStream.ReadBytes(_stream, stream.DataStart, stream.DataLength, "PDF stream", maxLength);
        PdfFilters.Charge(ref _decodeBudget, raw.Length, _source.Length, stream.DataStart);
        return PdfFilters.Decode(raw, stream.Dictionary, v => Resolve(v, revision), maxLength, stream.DataStart, ref _decodeBudget, _source.Length);
    }

    private object? Load(PdfRef reference, PdfXrefEntry entry, int depth)
    {
        if (entry.Type == 0)
        {
            return null;
        }

        if (_cache.TryGetValue(entry, out var cached))
        {
            return cached;
        }

        if (depth > MaxResolveDepth || !_loading.Add(entry))
        {
            throw new MalformedContentException($"reference cycle or chain too deep at object {reference}", location: "PDF");
        }

        if (++_loads > MaxObjectLoads)
        {
            throw new MalformedContentException($"more than {MaxObjectLoads} objects loaded", location: "PDF");
        }

        try
        {
            var value = entry.Type == 1
                ? ParseIndirectObject(_source, entry.Field2, reference.Number, depth)
                : LoadCompressed(reference, entry, depth);
            _cache[entry] = value;
            return value;
        }
        finally
        {
            _loading.Remove(entry);
        }
    }

    /// <summary>Parses <c>n g obj … endobj</c> at <paramref name="offset"/>; a stream's <c>/Length</c> may be an indirect reference.</summary>
    private object? ParseIndirectObject(PdfSource source, long offset, int expectedNumber, int depth)
    {
        if (offset < 0 || offset >= source.Length)
        {
            throw new MalformedContentException($"object {expectedNumber} offset {offset} lies outside the file", offset: offset, location: "PDF");
        }

        var parser = new PdfParser(source, offset);
        var number = parser.ReadInteger();
        parser.ReadInteger();
        parser.ExpectKeyword("obj");
        if (expectedNumber >= 0 && number != expectedNumber)
        {
            throw new MalformedContentException($"the cross-reference offset of object {expectedNumber} points at object {number}", offset: offset, location: "PDF");
        }

        var value = parser.ParseObject(0);

        // Objects may overlap (an xref offset inside another object's string): what each parse consumed is charged
        // to the document's budget so N overlapping objects cannot cost N times the file (docs/robustness.md).
        PdfFilters.Charge(ref _decodeBudget, parser.Position - offset, _source.Length, offset);
        if (value is not PdfDictionary dictionary || !parser.TryKeyword("stream"))
        {
            return value;
        }

        // ISO 32000-2 §7.3.8.1: "stream" is followed by CRLF or LF (a lone CR is tolerated), then the data.
        var dataStart = parser.Position;
        if (source[dataStart] == 13)
        {
            dataStart++;
        }

        if (source[dataStart] == 10)
        {
            dataStart++;
        }

        var lengthValue = dictionary["Length"] is PdfRef lengthRef ? GetObject(lengthRef, 0, depth + 1) : dictionary["Length"];
        if (lengthValue is not long length || length < 0 || length > source.Length - dataStart)
        {
            throw new MalformedContentException($"stream /Length {lengthValue ?? "missing"} does not fit the file ({source.Length - dataStart} bytes left)", offset: dataStart, location: $"PDF object {number}");
        }

        parser.Position = dataStart + length;
        if (!parser.TryKeyword("endstream"))
        {
            throw new MalformedContentException("stream data is not followed by 'endstream' (wrong /Length?)", offset: dataStart + length, location: $"PDF object {number}");
        }

        return new PdfStream(dictionary, dataStart, length);
    }

    private object? LoadCompressed(PdfRef reference, PdfXrefEntry entry, int depth)
    {
        var streamNumber = entry.Field2;
        if (!_objectStreams.TryGetValue(streamNumber, out var objectStream))
        {
            if (streamNumber > int.MaxValue || GetObject(new PdfRef((int)streamNumber, 0), 0, depth + 1) is not PdfStream stream || !stream.Dictionary.IsName("Type", "ObjStm"))
            {
                throw new MalformedContentException($"object {reference} lies in object {streamNumber}, which is not an object stream", location: "PDF");
            }

            if (IsEncrypted)
            {
                throw new MalformedContentException($"object {reference} lies in object stream {streamNumber} of an encrypted PDF; decryption is not supported", location: "PDF");
            }

            objectStream = ReadObjectStream(stream, streamNumber);
            _objectStreams[streamNumber] = objectStream;
        }

        if (entry.Field3 < 0 || entry.Field3 >= objectStream.Numbers.Length || objectStream.Numbers[entry.Field3] != reference.Number)
        {
            throw new MalformedContentException($"object {reference} is not at index {entry.Field3} of object stream {streamNumber}", location: "PDF");
        }

        var source = new PdfSource(objectStream.Data, $"PDF object stream {streamNumber}");
        var parser = new PdfParser(source, objectStream.Offsets[entry.Field3]);
        var value = parser.ParseObject(0);
        PdfFilters.Charge(ref _decodeBudget, parser.Position - objectStream.Offsets[entry.Field3], _source.Length, objectStream.Offsets[entry.Field3]);
        return value;
    }

    // ISO 32000-2 §7.5.7: N pairs "number offset" then the objects, offsets relative to /First.
    private (byte[] Data, long[] Offsets, int[] Numbers) ReadObjectStream(PdfStream stream, long streamNumber)
    {
        var data = DecodeStream(stream, FormatLimits.MaxMetadataLength);
        var count = Resolve(stream.Dictionary["N"]) as long? ?? -1;
        var first = Resolve(stream.Dictionary["First"]) as long? ?? -1;
        if (count < 0 || count > data.Length / 2 || first < 0 || first > data.Length)
        {
            throw new MalformedContentException("object stream /N or /First is out of range", offset: stream.DataStart, location: $"PDF object stream {streamNumber}");
        }

        var parser = new PdfParser(new PdfSource(data, $"PDF object stream {streamNumber}"), 0);
        var numbers = new int[count];
        var offsets = new long[count];
        for (var i = 0; i < count; i++)
        {
            var number = parser.ReadInteger();
            var offset = parser.ReadInteger();
            if (number > int.MaxValue || first + offset >= data.Length)
            {
                throw new MalformedContentException("object stream header entry out of range", offset: stream.DataStart, location: $"PDF object stream {streamNumber}");
            }

            numbers[i] = (int)number;
            offsets[i] = first + offset;
        }

        return (data, offsets, numbers);
    }
}
