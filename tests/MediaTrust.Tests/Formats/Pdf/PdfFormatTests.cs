using System.Text;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Pdf;

public sealed class PdfFormatTests
{
    private const string FileSpec = "<</Type /Filespec /F (manifest.c2pa) /UF (manifest.c2pa) /AFRelationship /C2PA_Manifest /EF <</F 5 0 R>>>>";

    /// <summary>Catalog 1 with /AF [4 0 R] and /EmbeddedFiles, pages 2, filespec 4, store stream 5; classic xref.</summary>
    private static PdfBuilder Basic(byte[] store, string? metadata = null) =>
        new PdfBuilder()
            .Object(1, "<</Type /Catalog /Pages 2 0 R /AF [4 0 R] /Names <</EmbeddedFiles <</Names [(manifest.c2pa) 4 0 R]>>>>" + (metadata is null ? string.Empty : " /Metadata 6 0 R") + ">>")
            .Object(2, "<</Type /Pages /Kids [] /Count 0>>")
            .Object(4, FileSpec)
            .Stream(5, "/Type /EmbeddedFile /Subtype /application#2Fc2pa", store)
            .Stream(6, "/Type /Metadata /Subtype /XML", Encoding.UTF8.GetBytes(metadata ?? string.Empty));

    private static AssetLayout Read(byte[] pdf) => PdfFormat.Instance.ReadLayout(new MemoryStream(pdf));

    [Fact]
    public void Detects_the_pdf_header_and_registers()
    {
        Assert.True(PdfFormat.Instance.IsMatch("%PDF-1.7\n"u8));
        Assert.False(PdfFormat.Instance.IsMatch("%!PS-Adobe"u8));
        Assert.Same(PdfFormat.Instance, AssetFormats.Detect(new MemoryStream(Basic(OpaqueStores.Create()).Xref("/Root 1 0 R").ToArray())));
    }

    [Fact]
    public void Finds_the_store_of_the_catalog_af_with_the_stream_data_as_carriage()
    {
        var store = OpaqueStores.Create(700);
        var builder = Basic(store).Xref("/Root 1 0 R");
        var layout = Read(builder.ToArray());
        var found = Assert.Single(layout.Stores);
        Assert.Equal(OpaqueStores.Hex(store), OpaqueStores.Hex(found.Jumbf.Span));
        Assert.Equal(new ByteRange(builder.StreamData[5], 700), Assert.Single(found.Carriage));
        Assert.Null(layout.RemoteManifestUrl);
    }

    [Fact]
    public void Flate_store_with_indirect_length_is_inflated_and_the_carriage_is_the_raw_data()
    {
        var store = OpaqueStores.Create(5000);
        var deflated = PdfBuilder.Deflate(store);
        var builder = new PdfBuilder()
            .Object(1, "<</Type /Catalog /Pages 2 0 R /AF [4 0 R]>>")
            .Object(2, "<</Type /Pages /Kids [] /Count 0>>")
            .Object(4, FileSpec)
            .Stream(5, "/Type /EmbeddedFile /Subtype /application#2Fc2pa /Filter /FlateDecode", deflated, length: "7 0 R")
            .Object(7, deflated.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Xref("/Root 1 0 R");
        var found = Assert.Single(Read(builder.ToArray()).Stores);
        Assert.Equal(OpaqueStores.Hex(store), OpaqueStores.Hex(found.Jumbf.Span));
        Assert.Equal(new ByteRange(builder.StreamData[5], deflated.Length), Assert.Single(found.Carriage));
    }

    [Fact]
    public void Subtype_alone_identifies_a_store_and_other_attachments_are_ignored()
    {
        var store = OpaqueStores.Create();
        var pdf = new PdfBuilder()
            .Object(1, "<</Type /Catalog /Pages 2 0 R /AF [3 0 R 4 0 R]>>")
            .Object(2, "<</Type /Pages /Kids [] /Count 0>>")
            .Object(3, "<</Type /Filespec /F (a.txt) /AFRelationship /Data /EF <</F 6 0 R>>>>")
            .Object(4, "<</Type /Filespec /F (m) /EF <</F 5 0 R>>>>")
            .Stream(5, "/Type /EmbeddedFile /Subtype /application#2Fc2pa", store)
            .Stream(6, "/Type /EmbeddedFile /Subtype /text#2Fplain", "hello"u8.ToArray())
            .Xref("/Root 1 0 R").ToArray();
        Assert.Equal(OpaqueStores.Hex(store), OpaqueStores.Hex(Assert.Single(Read(pdf).Stores).Jumbf.Span));
    }

    [Fact]
    public void Incremental_updates_give_every_store_oldest_first()
    {
        var first = OpaqueStores.Create(600, seed: 1);
        var second = OpaqueStores.Create(900, seed: 2);

        // The update's catalog names only the new store: the old one is still found through the base revision.
        var builder = Basic(first).Xref("/Root 1 0 R")
            .Object(1, "<</Type /Catalog /Pages 2 0 R /AF [8 0 R]>>")
            .Object(8, "<</Type /Filespec /F (m2) /AFRelationship /C2PA_Manifest /EF <</F 9 0 R>>>>")
            .Stream(9, "/Type /EmbeddedFile", second)
            .Xref("/Root 1 0 R");
        var stores = Read(builder.ToArray()).Stores;
        Assert.Equal(2, stores.Count);
        Assert.Equal(OpaqueStores.Hex(first), OpaqueStores.Hex(stores[0].Jumbf.Span));
        Assert.Equal(OpaqueStores.Hex(second), OpaqueStores.Hex(stores[1].Jumbf.Span));
        Assert.Equal(builder.StreamData[9], stores[1].Carriage[0].Start);
    }

    [Fact]
    public void Update_that_removes_nothing_reports_a_store_once()
    {
        var store = OpaqueStores.Create();
        var pdf = Basic(store).Xref("/Root 1 0 R")
            .Object(2, "<</Type /Pages /Kids [] /Count 0 /Rotate 90>>")
            .Xref("/Root 1 0 R").ToArray();
        Assert.Single(Read(pdf).Stores);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Xref_stream_with_catalog_in_an_object_stream(bool predictor)
    {
        var store = OpaqueStores.Create(321);
        var pdf = new PdfBuilder()
            .ObjectStream(10, (1, "<</Type /Catalog /Pages 2 0 R /AF [4 0 R]>>"), (2, "<</Type /Pages /Kids [] /Count 0>>"), (4, FileSpec))
            .Stream(5, "/Type /EmbeddedFile /Subtype /application#2Fc2pa", store)
            .XrefStream(11, "/Root 1 0 R", predictor).ToArray();
        Assert.Equal(OpaqueStores.Hex(store), OpaqueStores.Hex(Assert.Single(Read(pdf).Stores).Jumbf.Span));
    }

    [Fact]
    public void Hybrid_file_reads_compressed_objects_through_xrefstm()
    {
        var store = OpaqueStores.Create();
        var builder = new PdfBuilder()
            .ObjectStream(10, (1, "<</Type /Catalog /Pages 2 0 R /AF [4 0 R]>>"), (4, FileSpec))
            .Object(2, "<</Type /Pages /Kids [] /Count 0>>")
            .Stream(5, "/Type /EmbeddedFile", store);

        // Xref stream first (compressed objects), then a table whose trailer points at it with /XRefStm.
        var stream = new PdfBuilder();
        _ = stream;
        var withStream = builder.XrefStream(11, "/Root 1 0 R");
        var bytes = withStream.ToArray();
        var xrefStmOffset = IndexOf(bytes, "11 0 obj");
        var table = Encoding.Latin1.GetBytes(FormattableString.Invariant(
            $"xref\n0 1\n0000000000 65535 f\r\ntrailer\n<</Size 12 /Root 1 0 R /XRefStm {xrefStmOffset}>>\nstartxref\n{bytes.Length}\n%%EOF\n"));
        Assert.Single(Read([.. bytes, .. table]).Stores);
    }

    [Fact]
    public void Xmp_provenance_in_the_catalog_metadata_is_the_remote_url()
    {
        var xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
            + "<rdf:Description rdf:about=\"\" xmlns:dcterms=\"http://purl.org/dc/terms/\" dcterms:provenance=\"https://example.com/m.c2pa\"/></rdf:RDF></x:xmpmeta>";
        Assert.Equal("https://example.com/m.c2pa", Read(Basic(OpaqueStores.Create(), xmp).Xref("/Root 1 0 R").ToArray()).RemoteManifestUrl);
    }

    [Fact]
    public void File_specification_only_in_the_name_tree_is_not_a_document_store()
    {
        var pdf = new PdfBuilder()
            .Object(1, "<</Type /Catalog /Pages 2 0 R /Names <</EmbeddedFiles <</Names [(m.c2pa) 4 0 R]>>>>>>")
            .Object(2, "<</Type /Pages /Kids [] /Count 0>>")
            .Object(4, FileSpec)
            .Stream(5, "/Type /EmbeddedFile /Subtype /application#2Fc2pa", OpaqueStores.Create())
            .Xref("/Root 1 0 R").ToArray();
        Assert.Empty(Read(pdf).Stores);
    }

    [Fact]
    public void Pdf_without_af_has_no_store()
    {
        var pdf = new PdfBuilder()
            .Object(1, "<</Type /Catalog /Pages 2 0 R>>")
            .Object(2, "<</Type /Pages /Kids [] /Count 0>>")
            .Xref("/Root 1 0 R").ToArray();
        var layout = Read(pdf);
        Assert.Empty(layout.Stores);
        Assert.Equal(pdf.Length, layout.Length);
    }

    [Fact]
    public void Truncated_pdf_is_malformed()
    {
        var pdf = Basic(OpaqueStores.Create()).Xref("/Root 1 0 R").ToArray();
        for (var cut = 10; cut < pdf.Length; cut += 97)
        {
            FormatAssert.RejectsOrIgnores(PdfFormat.Instance, pdf[..cut]);
        }

        Assert.Contains("startxref", FormatAssert.Rejects(PdfFormat.Instance, pdf[..(pdf.Length / 2)]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Xref_offset_past_the_end_is_malformed()
    {
        var pdf = Encoding.Latin1.GetBytes("%PDF-1.7\ntrailer\n<</Root 1 0 R>>\nstartxref\n999999\n%%EOF\n");
        Assert.Contains("past the end", FormatAssert.Rejects(PdfFormat.Instance, pdf).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Looping_prev_chain_is_malformed_fast()
    {
        var head = "%PDF-1.7\n";
        var xrefAt = head.Length;
        var pdf = Encoding.Latin1.GetBytes(FormattableString.Invariant($"{head}xref\n0 1\n0000000000 65535 f\r\ntrailer\n<</Size 1 /Root 1 0 R /Prev {xrefAt}>>\nstartxref\n{xrefAt}\n%%EOF\n"));
        Assert.Contains("loops", FormatAssert.Rejects(PdfFormat.Instance, pdf).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_length_is_malformed()
    {
        var pdf = new PdfBuilder()
            .Object(1, "<</Type /Catalog /AF [4 0 R]>>")
            .Object(4, FileSpec)
            .Stream(5, "/Type /EmbeddedFile", OpaqueStores.Create(), length: "0000000000001000")
            .Xref("/Root 1 0 R").ToArray();
        Assert.Single(Read(pdf).Stores);
        var text = Encoding.Latin1.GetString(pdf).Replace("/Length 0000000000001000", "/Length 9223372036854775", StringComparison.Ordinal);
        Assert.Contains("/Length", FormatAssert.Rejects(PdfFormat.Instance, Encoding.Latin1.GetBytes(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_length_is_malformed()
    {
        var pdf = Basic(OpaqueStores.Create()).Xref("/Root 1 0 R").ToArray();
        var text = Encoding.Latin1.GetString(pdf).Replace("/Length 1000", "/Length 0990", StringComparison.Ordinal);
        Assert.Contains("endstream", FormatAssert.Rejects(PdfFormat.Instance, Encoding.Latin1.GetBytes(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_referencing_length_and_object_stream_cycles_are_malformed()
    {
        var selfLength = new PdfBuilder()
            .Object(1, "<</Type /Catalog /AF [4 0 R]>>")
            .Object(4, FileSpec)
            .Stream(5, "/Type /EmbeddedFile", OpaqueStores.Create(), length: "5 0 R")
            .Xref("/Root 1 0 R").ToArray();
        FormatAssert.Rejects(PdfFormat.Instance, selfLength);

        var deep = new PdfBuilder();
        for (var i = 1; i <= 60; i++)
        {
            deep.Object(i, $"[{i + 1} 0 R]");
        }

        deep.Object(100, "<</Type /Catalog /AF 1 0 R>>");
        Assert.Empty(Read(deep.Xref("/Root 100 0 R", size: 101).ToArray()).Stores);
    }

    [Fact]
    public void Deeply_nested_arrays_are_malformed()
    {
        var pdf = new PdfBuilder()
            .Object(1, "<</Type /Catalog /AF " + new string('[', 100) + new string(']', 100) + ">>")
            .Xref("/Root 1 0 R").ToArray();
        Assert.Contains("nested", FormatAssert.Rejects(PdfFormat.Instance, pdf).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flate_bomb_in_an_xref_stream_is_bounded()
    {
        var bomb = PdfBuilder.Deflate(new byte[FormatLimits.MaxMetadataLength + 1024]);
        var head = "%PDF-1.7\n";
        var body = FormattableString.Invariant($"1 0 obj\n<</Type /XRef /W [1 4 2] /Size 1 /Root 1 0 R /Filter /FlateDecode /Length {bomb.Length}>>\nstream\n");
        var pdf = (byte[])[.. Encoding.Latin1.GetBytes(head + body), .. bomb, .. Encoding.Latin1.GetBytes(FormattableString.Invariant($"\nendstream\nendobj\nstartxref\n{head.Length}\n%%EOF\n"))];
        // The document budget (32 MiB + 16 x this small file) runs out before the 64 MiB stream limit (docs/robustness.md).
        Assert.Contains("decode to more than", FormatAssert.Rejects(PdfFormat.Instance, pdf).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Af_entry_that_is_not_jumbf_is_malformed()
    {
        var pdf = Basic("not a jumbf superbox at all"u8.ToArray()).Xref("/Root 1 0 R").ToArray();
        Assert.Contains("JUMBF", FormatAssert.Rejects(PdfFormat.Instance, pdf).Message, StringComparison.Ordinal);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_pdf_files_match_the_manifest() =>
        Assert.True(CorpusConformance.Check(f => f is PdfFormat, "pdf") >= 5);

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_store_carriage_matches_the_data_hash_exclusion_adobe_signed()
    {
        // The active manifest's c2pa.hash.data of express-signed.pdf excludes {start 4141962, length 23310}
        // (read from its CBOR): exactly the embedded file stream's data.
        using var stream = File.OpenRead(Testing.SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/express-signed.pdf"));
        var found = Assert.Single(PdfFormat.Instance.ReadLayout(stream).Stores);
        Assert.Equal(new ByteRange(4141962, 23310), Assert.Single(found.Carriage));
        Assert.Equal(23310, found.Jumbf.Length);
    }

    [Fact]
    public void Signature_contents_ranges_are_reported_for_the_exclusion_list()
    {
        var builder = new PdfBuilder()
            .Object(1, "<</Type /Catalog /Pages 2 0 R /AcroForm <</Fields [3 0 R]>>>>")
            .Object(2, "<</Type /Pages /Kids [] /Count 0>>")
            .Object(3, "<</FT /Sig /T (Signature1) /V 4 0 R>>");
        var at = builder.Position + "4 0 obj\n<</Type /Sig /Contents ".Length;
        var pdf = builder.Object(4, "<</Type /Sig /Contents <00112233445566778899> /ByteRange [0 1 2 3]>>").Xref("/Root 1 0 R").ToArray();
        Assert.Equal(new ByteRange(at, 22), Assert.Single(PdfFormat.FindSignatureContents(new MemoryStream(pdf))));
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_encrypted_signed_pdf_explains_that_its_object_streams_are_encrypted()
    {
        var path = Testing.SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/basic-signed.pdf");
        using var stream = File.OpenRead(path);
        Assert.Empty(PdfFormat.Instance.ReadLayout(stream).Stores);
        Assert.Contains("encrypted", Assert.Throws<MalformedContentException>(() => PdfFormat.FindSignatureContents(stream)).Message, StringComparison.Ordinal);
    }

    private static long IndexOf(byte[] bytes, string text) => bytes.AsSpan().IndexOf(Encoding.Latin1.GetBytes(text));
}
