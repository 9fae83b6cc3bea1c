using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using MediaTrust.Formats.Common;
using MediaTrust.Testing;

namespace MediaTrust.Formats.Pdf;

/// <summary>
/// Issue #16, finding 2: PDFs whose Flate streams inflate to far more than the file. Each stream was bounded
/// (64 MiB, 256 MiB for a store) but not the document, and the output grew in a doubling MemoryStream, so a
/// few small bombs cost gigabytes. Decoding now charges one budget per document, whatever object holds the
/// stream (docs/robustness.md).
/// </summary>
[Trait("Category", "Damage")]
public sealed class PdfBombTests(ITestOutputHelper output)
{
    private const int Inflated = 48 * 1024 * 1024;

    // A jumb header whose LBox covers the whole inflated stream, so the layout accepts it as a store.
    private static readonly Lazy<byte[]> StoreBomb = new(() => PdfBuilder.Deflate(JumbHeaderAt(0, Inflated)));

    // The same through PNG predictor rows of 1023 bytes, type 0 (None): the header sits after the first type byte.
    private static readonly Lazy<byte[]> PredictedStoreBomb = new(() => PdfBuilder.Deflate(JumbHeaderAt(1, 8)));

    private static byte[] JumbHeaderAt(int at, int lbox)
    {
        var data = new byte[Inflated];
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(at), (uint)lbox);
        "jumb"u8.CopyTo(data.AsSpan(at + 4));
        return data;
    }

    public static TheoryData<string, int> Bombs() => new()
    {
        { "embedded file", 4 },
        { "embedded file with PNG predictor", 4 },
        { "object stream", 4 },
        { "xref stream", 4 },
        { "xref stream with PNG predictor", 4 },
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public void Streams_that_inflate_far_cost_memory_bounded_by_the_file_size(string holder, int count)
    {
        var pdf = Build(holder, count);
        var allocated = Allocations.OfReading(pdf);
        var budget = FormatLimits.PdfDecodeBudget(pdf.Length);
        output.WriteLine($"{holder}: {pdf.Length:N0} bytes read with {allocated:N0} bytes allocated (document budget {budget:N0})");

        // Growing the inflate buffer by doubling and copying out the result cost at most 3x what is decoded.
        Assert.True(allocated <= (4 * budget) + Allocations.Baseline, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void Spending_the_document_budget_is_a_malformed_pdf()
    {
        var pdf = Build("embedded file", 4);
        using var stream = new MemoryStream(pdf, writable: false);

        var e = Assert.Throws<MalformedContentException>(() => PdfFormat.Instance.ReadLayout(stream));

        Assert.Contains("decode to more than", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Fuzzing finding (layout-pdf): a Flate stream whose zlib header asks for a preset dictionary (FDICT, RFC 1950
    /// §2.2) made .NET throw ZLibException, an IOException, which escaped the reader instead of a malformed-PDF error.
    /// </summary>
    [Fact]
    public void A_flate_stream_asking_for_a_preset_dictionary_is_a_malformed_pdf()
    {
        // CMF 0x68 (deflate, 32 KiB window) and FLG 0x62: FDICT set, FCHECK making the header a multiple of 31.
        var zlib = Encoding.ASCII.GetBytes("hb" + new string('0', 60));
        var builder = new PdfBuilder();
        var xref = builder.Position;
        builder.Stream(1, "/Type /XRef /Size 2 /W [0 2 0] /Filter /FlateDecode", zlib);
        byte[] bytes = [.. builder.ToArray(), .. Encoding.ASCII.GetBytes(FormattableString.Invariant($"startxref\n{xref}\n%%EOF\n"))];
        using var input = new MemoryStream(bytes, writable: false);

        var e = Assert.Throws<MalformedContentException>(() => PdfFormat.Instance.ReadLayout(input));

        Assert.Contains("not valid zlib data", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, 1_000_000)]
    [InlineData(1000, 200_000)]
    public void Objects_overlapping_one_long_string_cost_memory_bounded_by_the_file_size(int objects, int stringLength)
    {
        // Object k's header sits inside object k-1's literal string, so each parse reads (nearly) the same bytes.
        var text = new StringBuilder();
        var at = new List<(int, int)>();
        for (var k = 0; k < objects; k++)
        {
            at.Add((10 + k, text.Length));
            text.Append(Invariant($"{10 + k} 0 obj\n("));
        }

        text.Append('a', stringLength).Append(')', objects).Append("\nendobj\n");
        var af = string.Join(' ', Enumerable.Range(0, objects).Select(i => Invariant($"{10 + i} 0 R")));
        var pdf = new PdfBuilder()
            .Object(1, $"<</Type /Catalog /Pages 2 0 R /AF [{af}]>>").Object(2, "<</Type /Pages /Kids [] /Count 0>>")
            .RawWithObjects(Encoding.Latin1.GetBytes(text.ToString()), [.. at])
            .Xref("/Root 1 0 R").ToArray();

        var allocated = Allocations.OfReading(pdf);
        var budget = FormatLimits.PdfDecodeBudget(pdf.Length);
        output.WriteLine($"{objects} overlapping objects: {pdf.Length:N0} bytes read with {allocated:N0} bytes allocated (document budget {budget:N0})");
        Assert.True(allocated <= (4 * budget) + Allocations.Baseline, $"{allocated:N0} bytes allocated");
    }

    private static byte[] Build(string holder, int count)
    {
        var predictor = holder.EndsWith("predictor", StringComparison.Ordinal);
        var builder = new PdfBuilder();
        var af = string.Join(' ', Enumerable.Range(0, count).Select(i => Invariant($"{10 + i} 0 R")));
        switch (holder)
        {
            case "embedded file" or "embedded file with PNG predictor":
                builder.Object(1, $"<</Type /Catalog /Pages 2 0 R /AF [{af}]>>").Object(2, "<</Type /Pages /Kids [] /Count 0>>");
                for (var i = 0; i < count; i++)
                {
                    builder.Object(10 + i, Invariant($"<</Type /Filespec /F (m{i}.c2pa) /AFRelationship /C2PA_Manifest /EF <</F {100 + i} 0 R>>>>"));
                    builder.Stream(100 + i, "/Type /EmbeddedFile /Subtype /application#2Fc2pa /Filter /FlateDecode"
                        + (predictor ? " /DecodeParms <</Predictor 10 /Columns 1023>>" : string.Empty), predictor ? PredictedStoreBomb.Value : StoreBomb.Value);
                }

                return builder.Xref("/Root 1 0 R").ToArray();

            case "object stream":
                // Each file specification sits in its own object stream, padded with zeros to inflate far.
                builder.Object(1, $"<</Type /Catalog /Pages 2 0 R /AF [{af}]>>").Object(2, "<</Type /Pages /Kids [] /Count 0>>");
                for (var i = 0; i < count; i++)
                {
                    var body = Invariant($"<</Type /Filespec /F (m{i}.c2pa) /AFRelationship /C2PA_Manifest /EF <</F 99 0 R>>>>\n");
                    var header = Invariant($"{10 + i} 0 ");
                    var data = new byte[Inflated];
                    Encoding.ASCII.GetBytes(header + body, data);
                    builder.Stream(100 + i, Invariant($"/Type /ObjStm /N 1 /First {header.Length} /Filter /FlateDecode"), PdfBuilder.Deflate(data))
                        .InObjectStream(10 + i, 100 + i, 0);
                }

                builder.Stream(99, "/Type /EmbeddedFile", [0, 0, 0, 8, (byte)'j', (byte)'u', (byte)'m', (byte)'b']);
                return builder.XrefStream(98, "/Root 1 0 R").ToArray();

            default:
                // Every revision's xref stream inflates to 48 MiB (the rows, then zeros).
                builder.Object(1, "<</Type /Catalog /Pages 2 0 R>>").Object(2, "<</Type /Pages /Kids [] /Count 0>>");
                for (var i = 0; i < count; i++)
                {
                    builder.XrefStream(50 + i, "/Root 1 0 R", predictor, padding: Inflated - 64);
                }

                return builder.ToArray();
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
