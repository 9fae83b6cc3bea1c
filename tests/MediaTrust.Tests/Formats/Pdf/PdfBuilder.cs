using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace MediaTrust.Formats.Pdf;

/// <summary>
/// Writes small PDFs for tests: indirect objects, streams, classic xref tables or xref streams, object streams,
/// and incremental updates (each <see cref="Xref"/>/<see cref="XrefStream"/> call closes one revision).
/// </summary>
internal sealed class PdfBuilder
{
    private readonly ArrayBufferWriter<byte> _out = new();
    private readonly SortedDictionary<int, (byte Type, long Field2, long Field3)> _pending = [];
    private long _previousXref = -1;

    public PdfBuilder()
    {
        Write("%PDF-1.7\n%\u00E2\u00E3\n");
    }

    /// <summary>Where the data of each stream written so far starts, by object number.</summary>
    public Dictionary<int, long> StreamData { get; } = [];

    public long Position => _out.WrittenCount;

    public PdfBuilder Object(int number, string body)
    {
        _pending[number] = (1, _out.WrittenCount, 0);
        Write($"{number} 0 obj\n{body}\nendobj\n");
        return this;
    }

    /// <summary>A stream; <paramref name="length"/> is written as /Length (default: the data length).</summary>
    public PdfBuilder Stream(int number, string dictionary, byte[] data, string? length = null)
    {
        _pending[number] = (1, _out.WrittenCount, 0);
        Write($"{number} 0 obj\n<<{dictionary} /Length {length ?? data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)}>>\nstream\r\n");
        StreamData[number] = _out.WrittenCount;
        _out.Write(data.AsSpan());
        Write("\r\nendstream\nendobj\n");
        return this;
    }

    /// <summary>An object stream (FlateDecode) holding <paramref name="objects"/>.</summary>
    public PdfBuilder ObjectStream(int number, params (int Number, string Body)[] objects)
    {
        var header = new StringBuilder();
        var body = new StringBuilder();
        for (var i = 0; i < objects.Length; i++)
        {
            header.Append(FormattableString.Invariant($"{objects[i].Number} {body.Length} "));
            body.Append(objects[i].Body).Append('\n');
        }

        var text = header.ToString();
        Stream(number, FormattableString.Invariant($"/Type /ObjStm /N {objects.Length} /First {text.Length} /Filter /FlateDecode"), Deflate(Encoding.ASCII.GetBytes(text + body)));
        for (var i = 0; i < objects.Length; i++)
        {
            _pending[objects[i].Number] = (2, number, i);
        }

        return this;
    }

    /// <summary>Writes raw bytes and lists object <paramref name="number"/> at <paramref name="offsetInData"/> within them (overlapping objects).</summary>
    public PdfBuilder RawWithObjects(byte[] data, params (int Number, int OffsetInData)[] objects)
    {
        var start = _out.WrittenCount;
        _out.Write(data.AsSpan());
        foreach (var (number, offset) in objects)
        {
            _pending[number] = (1, start + offset, 0);
        }

        return this;
    }

    /// <summary>Lists object <paramref name="number"/> as the <paramref name="index"/>th object of object stream <paramref name="stream"/>, for the next xref stream.</summary>
    public PdfBuilder InObjectStream(int number, int stream, int index)
    {
        _pending[number] = (2, stream, index);
        return this;
    }

    /// <summary>Closes a revision with a classic xref table and trailer (<c>/Size</c> and <c>/Prev</c> added).</summary>
    public PdfBuilder Xref(string trailer, int size = 100)
    {
        var at = _out.WrittenCount;
        var table = new StringBuilder("xref\n0 1\n0000000000 65535 f\r\n");
        foreach (var (number, entry) in _pending)
        {
            table.Append(FormattableString.Invariant($"{number} 1\n{entry.Field2:D10} 00000 n\r\n"));
        }

        Write(table.ToString());
        Write(FormattableString.Invariant($"trailer\n<<{trailer} /Size {size}{Prev()}>>\nstartxref\n{at}\n%%EOF\n"));
        Close(at);
        return this;
    }

    /// <summary>Closes a revision with a cross-reference stream (W [1 4 2], FlateDecode, PNG Up predictor when asked).</summary>
    /// <param name="padding">Zero bytes appended to the rows before compression (hostile-input tests: a small stream that inflates far).</param>
    public PdfBuilder XrefStream(int number, string trailer, bool predictor = false, int size = 100, int padding = 0)
    {
        var at = _out.WrittenCount;
        _pending[number] = (1, at, 0);
        var rows = new List<byte[]>();
        var index = new StringBuilder();
        foreach (var (n, entry) in _pending)
        {
            index.Append(FormattableString.Invariant($"{n} 1 "));
            var row = new byte[7];
            row[0] = entry.Type;
            BinaryPrimitives.WriteUInt32BigEndian(row.AsSpan(1), (uint)entry.Field2);
            BinaryPrimitives.WriteUInt16BigEndian(row.AsSpan(5), (ushort)entry.Field3);
            rows.Add(row);
        }

        var raw = new MemoryStream();
        var previous = new byte[7];
        foreach (var row in rows)
        {
            if (predictor)
            {
                raw.WriteByte(2); // Up
                for (var i = 0; i < 7; i++)
                {
                    raw.WriteByte((byte)(row[i] - previous[i]));
                }

                previous = row;
            }
            else
            {
                raw.Write(row);
            }
        }

        raw.Write(new byte[padding]);
        var parms = predictor ? " /DecodeParms <</Predictor 12 /Columns 7>>" : string.Empty;
        var data = Deflate(raw.ToArray());
        Write(FormattableString.Invariant($"{number} 0 obj\n<</Type /XRef /W [1 4 2] /Index [{index}] /Filter /FlateDecode{parms} {trailer} /Size {size}{Prev()} /Length {data.Length}>>\nstream\r\n"));
        _out.Write(data.AsSpan());
        Write(FormattableString.Invariant($"\r\nendstream\nendobj\nstartxref\n{at}\n%%EOF\n"));
        Close(at);
        return this;
    }

    public byte[] ToArray() => _out.WrittenSpan.ToArray();

    public static byte[] Deflate(byte[] data)
    {
        var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }

        return output.ToArray();
    }

    private string Prev() => _previousXref < 0 ? string.Empty : FormattableString.Invariant($" /Prev {_previousXref}");

    private void Close(long at)
    {
        _previousXref = at;
        _pending.Clear();
    }

    private void Write(string text) => _out.Write(Encoding.Latin1.GetBytes(text));
}
