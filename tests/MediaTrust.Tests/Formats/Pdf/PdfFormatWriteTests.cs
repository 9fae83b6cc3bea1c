using System.Text;
using MediaTrust.Formats.Common;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Formats.Pdf;

/// <summary>Embedding, patching and removing stores by incremental update (spec 2.2 §A.4.2.1, ISO 32000-2 §7.5.6).</summary>
public sealed class PdfFormatWriteTests
{
    private const string Pages = "<</Type /Pages /Kids [] /Count 0>>";

    /// <summary>Catalog 1, pages 2, info 3; a classic xref table.</summary>
    private static byte[] Classic() =>
        new PdfBuilder()
            .Object(1, "<</Type /Catalog /Pages 2 0 R>>")
            .Object(2, Pages)
            .Object(3, "<</Producer (p)>>")
            .Xref("/Root 1 0 R /Info 3 0 R /ID [<AB> <CD>]", size: 4)
            .ToArray();

    private static (byte[] Output, StorePlacement Placement) Embed(byte[] pdf, byte[] store)
    {
        var output = new MemoryStream();
        var placement = PdfFormat.Instance.Embed(new MemoryStream(pdf), output, store);
        return (output.ToArray(), placement);
    }

    private static AssetLayout Read(byte[] pdf) => PdfFormat.Instance.ReadLayout(new MemoryStream(pdf));

    private static PdfDocument Open(byte[] pdf) => PdfDocument.Open(new MemoryStream(pdf), CancellationToken.None);

    private static PdfDictionary NewestCatalog(byte[] pdf)
    {
        var document = Open(pdf);
        return (PdfDictionary)document.GetObject((PdfRef)document.Sections[0].Trailer["Root"]!, 0, 0)!;
    }

    /// <summary>The original bytes are an unchanged prefix, and the reader finds the store byte for byte where the placement says.</summary>
    private static EmbeddedStore AssertEmbedded(byte[] original, byte[] output, StorePlacement placement, byte[] store)
    {
        Assert.Equal(OpaqueStores.Hex(original), OpaqueStores.Hex(output.AsSpan(0, original.Length)));
        var found = Read(output).Stores[^1];
        Assert.Equal(OpaqueStores.Hex(store), OpaqueStores.Hex(found.Jumbf.Span));
        Assert.Equal(placement.Carriage, found.Carriage);
        Assert.Equal(new ByteRange(placement.Carriage[0].Start, store.Length), placement.Carriage[0]);
        return found;
    }

    [Fact]
    public void Classic_file_gets_exactly_this_update()
    {
        var original = Classic();
        var store = OpaqueStores.Create(60);
        var (output, placement) = Embed(original, store);
        AssertEmbedded(original, output, placement, store);

        // The golden update; the offsets follow from the lengths of the literal chunks before them.
        var chunks = new[]
        {
            "4 0 obj\n<</Type /EmbeddedFile /Subtype /application#2Fc2pa /Length 60>>\nstream\n" + Encoding.Latin1.GetString(store) + "\nendstream\nendobj\n",
            "1 0 obj\n<</Type /Catalog /Pages 2 0 R /AF [5 0 R] /Names <</EmbeddedFiles 6 0 R>>>>\nendobj\n",
            "5 0 obj\n<</Type /Filespec /F (manifest.c2pa) /UF (manifest.c2pa) /AFRelationship /C2PA_Manifest /EF <</F 4 0 R>> /Desc (C2PA Manifest Store)>>\nendobj\n",
            "6 0 obj\n<</Names [<6D616E69666573742E63327061> 5 0 R]>>\nendobj\n",
        };
        var offsets = new long[chunks.Length + 1];
        offsets[0] = original.Length;
        for (var i = 0; i < chunks.Length; i++)
        {
            offsets[i + 1] = offsets[i] + chunks[i].Length;
        }

        var prev = Open(original).Sections[0].Offset;
        var expected = string.Concat(chunks) + FormattableString.Invariant(
            $"xref\n1 1\n{offsets[1]:D10} 00000 n\r\n4 3\n{offsets[0]:D10} 00000 n\r\n{offsets[2]:D10} 00000 n\r\n{offsets[3]:D10} 00000 n\r\n")
            + FormattableString.Invariant($"trailer\n<</Size 7 /Root 1 0 R /Info 3 0 R /ID [<AB> <CD>] /Prev {prev}>>\nstartxref\n{offsets[4]}\n%%EOF\n");
        Assert.Equal(expected, Encoding.Latin1.GetString(output, original.Length, output.Length - original.Length));
        Assert.Equal(new ByteRange(offsets[0] + chunks[0].IndexOf("stream\n", StringComparison.Ordinal) + 7, 60), placement.Carriage[0]);
    }

    [Fact]
    public void Patch_overwrites_the_stream_data_only()
    {
        var original = Classic();
        var (output, placement) = Embed(original, OpaqueStores.Create(500, seed: 1));
        var final = OpaqueStores.Create(500, seed: 9);
        var stream = new MemoryStream();
        stream.Write(output);
        PdfFormat.Instance.Patch(stream, placement, final);
        var patched = stream.ToArray();
        AssertEmbedded(original, patched, placement, final);
        Assert.Equal(output.Length, patched.Length);
        Assert.Equal(OpaqueStores.Hex(output.AsSpan((int)placement.Carriage[0].End)), OpaqueStores.Hex(patched.AsSpan((int)placement.Carriage[0].End)));
        Assert.Throws<ArgumentException>(() => PdfFormat.Instance.Patch(stream, placement, OpaqueStores.Create(501)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Xref_stream_file_gets_an_xref_stream(bool predictor)
    {
        // The catalog sits in an object stream: its new version is a plain object, the rest stays compressed.
        var original = new PdfBuilder()
            .ObjectStream(10, (1, "<</Type /Catalog /Pages 2 0 R /Lang (en-GB)>>"), (2, Pages))
            .XrefStream(11, "/Root 1 0 R /ID [<01> <02>]", predictor, size: 12)
            .ToArray();
        var store = OpaqueStores.Create(777);
        var (output, placement) = Embed(original, store);
        AssertEmbedded(original, output, placement, store);

        var document = Open(output);
        Assert.Equal(2, document.Sections.Count);
        var trailer = document.Sections[0].Trailer;
        Assert.True(trailer.IsName("Type", "XRef"));
        Assert.Equal(Open(original).Sections[0].Offset, trailer["Prev"]);
        Assert.Equal(16L, trailer["Size"]); // stream 12, filespec 13, name tree 14, xref stream 15
        Assert.Equal("[<01> <02>]", PdfObjectWriter.ToText(trailer["ID"]));
        Assert.Equal("<</Type /Catalog /Pages 2 0 R /Lang <656E2D4742> /AF [13 0 R] /Names <</EmbeddedFiles 14 0 R>>>>", PdfObjectWriter.ToText(NewestCatalog(output)));

        // Objects of the old revision still resolve (through the old xref stream) from the new one.
        Assert.Equal(Pages, PdfObjectWriter.ToText(document.GetObject(new PdfRef(2, 0), 0, 0)));
    }

    [Fact]
    public void Hybrid_file_gets_a_classic_table()
    {
        var bytes = new PdfBuilder()
            .ObjectStream(10, (1, "<</Type /Catalog /Pages 2 0 R>>"))
            .Object(2, Pages)
            .XrefStream(11, "/Root 1 0 R", size: 12)
            .ToArray();
        var xrefStm = Encoding.Latin1.GetString(bytes).LastIndexOf("11 0 obj", StringComparison.Ordinal);
        byte[] original = [.. bytes, .. Encoding.Latin1.GetBytes(FormattableString.Invariant(
            $"xref\n0 1\n0000000000 65535 f\r\ntrailer\n<</Size 12 /Root 1 0 R /XRefStm {xrefStm}>>\nstartxref\n{bytes.Length}\n%%EOF\n"))];
        var store = OpaqueStores.Create();
        var (output, placement) = Embed(original, store);
        AssertEmbedded(original, output, placement, store);
        var trailer = Open(output).Sections[0].Trailer;
        Assert.Null(trailer["Type"]);
        Assert.Null(trailer["XRefStm"]);
        Assert.Contains("\nxref\n", Encoding.Latin1.GetString(output, original.Length, output.Length - original.Length), StringComparison.Ordinal);
    }

    [Fact]
    public void Existing_leaf_name_tree_gets_the_entry_in_byte_order_and_keeps_the_others()
    {
        var original = new PdfBuilder()
            .Object(1, "<</Type /Catalog /Pages 2 0 R /AF [7 0 R] /Names 4 0 R>>")
            .Object(2, Pages)
            .Object(4, "<</EmbeddedFiles 5 0 R /Dests 9 0 R>>")
            .Object(5, "<</Names [(a.txt) 7 0 R (zz.txt) 8 0 R]>>")
            .Object(7, "<</Type /Filespec /F (a.txt) /AFRelationship /Data>>")
            .Object(8, "<</Type /Filespec /F (zz.txt)>>")
            .Object(9, "<<>>")
            .Xref("/Root 1 0 R", size: 10)
            .ToArray();
        var store = OpaqueStores.Create();
        var (output, placement) = Embed(original, store);
        AssertEmbedded(original, output, placement, store);
        var document = Open(output);

        // The indirect /Names dictionary and tree root get new versions under their own numbers; other associated files stay in /AF.
        Assert.Equal("<</Type /Catalog /Pages 2 0 R /AF [7 0 R 11 0 R] /Names 4 0 R>>", PdfObjectWriter.ToText(NewestCatalog(output)));
        Assert.Equal("<</EmbeddedFiles 5 0 R /Dests 9 0 R>>", PdfObjectWriter.ToText(document.GetObject(new PdfRef(4, 0), 0, 0)));
        Assert.Equal("<</Names [<612E747874> 7 0 R <6D616E69666573742E63327061> 11 0 R <7A7A2E747874> 8 0 R]>>",
            PdfObjectWriter.ToText(document.GetObject(new PdfRef(5, 0), 0, 0)));
        Assert.True(document.Sections[0].Entries.ContainsKey(5));
        Assert.False(document.Sections[0].Entries.ContainsKey(4)); // unchanged: /EmbeddedFiles is still 5 0 R
    }

    [Fact]
    public void Name_tree_with_kids_gets_the_entry_in_the_kid_whose_limits_reach_it()
    {
        var original = new PdfBuilder()
            .Object(1, "<</Type /Catalog /Pages 2 0 R /Names <</EmbeddedFiles <</Kids [4 0 R 5 0 R]>>>>>>")
            .Object(2, Pages)
            .Object(4, "<</Limits [(a) (b)] /Names [(a) 6 0 R (b) 6 0 R]>>")
            .Object(5, "<</Limits [(x) (y)] /Names [(x) 6 0 R (y) 6 0 R]>>")
            .Object(6, "<</Type /Filespec /F (a)>>")
            .Xref("/Root 1 0 R", size: 7)
            .ToArray();
        var (output, placement) = Embed(original, OpaqueStores.Create());
        AssertEmbedded(original, output, placement, OpaqueStores.Create());
        var document = Open(output);
        Assert.Equal("<</Type /Catalog /Pages 2 0 R /Names <</EmbeddedFiles <</Kids [4 0 R 5 0 R]>>>> /AF [8 0 R]>>", PdfObjectWriter.ToText(NewestCatalog(output)));
        Assert.False(document.Sections[0].Entries.ContainsKey(4));
        Assert.Equal("<</Limits [<6D616E69666573742E63327061> <79>] /Names [<6D616E69666573742E63327061> 8 0 R <78> 6 0 R <79> 6 0 R]>>",
            PdfObjectWriter.ToText(document.GetObject(new PdfRef(5, 0), 0, 0)));
    }

    [Fact]
    public void Incremental_update_before_ours_is_kept_and_chained()
    {
        var builder = new PdfBuilder()
            .Object(1, "<</Type /Catalog /Pages 2 0 R>>")
            .Object(2, Pages)
            .Xref("/Root 1 0 R", size: 3)
            .Object(1, "<</Type /Catalog /Pages 2 0 R /PageMode /UseOutlines>>")
            .Xref("/Root 1 0 R", size: 3);
        var original = builder.ToArray();
        var store = OpaqueStores.Create();
        var (output, placement) = Embed(original, store);
        AssertEmbedded(original, output, placement, store);
        var document = Open(output);
        Assert.Equal(3, document.Sections.Count);
        Assert.Equal(document.Sections[1].Offset, document.Sections[0].Trailer["Prev"]);
        Assert.Equal("<</Type /Catalog /Pages 2 0 R /PageMode /UseOutlines /AF [4 0 R] /Names <</EmbeddedFiles 5 0 R>>>>", PdfObjectWriter.ToText(NewestCatalog(output)));
    }

    [Fact]
    public void Second_embed_appends_a_second_store_and_af_names_only_the_newest()
    {
        var original = Classic();
        var first = OpaqueStores.Create(300, seed: 1);
        var second = OpaqueStores.Create(400, seed: 2);
        var (once, _) = Embed(original, first);
        var (twice, placement) = Embed(once, second);
        AssertEmbedded(once, twice, placement, second);

        var stores = Read(twice).Stores;
        Assert.Equal(2, stores.Count);
        Assert.Equal(OpaqueStores.Hex(first), OpaqueStores.Hex(stores[0].Jumbf.Span));
        Assert.Equal(OpaqueStores.Hex(second), OpaqueStores.Hex(stores[1].Jumbf.Span));

        // Stream 7 and filespec 8 replace filespec 5 in /AF and under the same name tree key (tree 6 gets a new version).
        Assert.Equal("<</Type /Catalog /Pages 2 0 R /AF [8 0 R] /Names <</EmbeddedFiles 6 0 R>>>>", PdfObjectWriter.ToText(NewestCatalog(twice)));
        Assert.Equal("<</Names [<6D616E69666573742E63327061> 8 0 R]>>", PdfObjectWriter.ToText(Open(twice).GetObject(new PdfRef(6, 0), 0, 0)));
    }

    [Fact]
    public void Catalog_values_of_every_kind_are_written_back_unchanged()
    {
        const string Catalog = "<</Type /Catalog /Pages 2 0 R /Odd#20Name#23 (a\\(b\\)\\n\\377) /Real -1.25 /Flag true /None null "
            + "/Nested [1 [2 <</K /V>>] (x)] /OCProperties <</D <</Order []>>>>>>";
        var original = new PdfBuilder().Object(1, Catalog).Object(2, Pages).Xref("/Root 1 0 R", size: 3).ToArray();
        var (output, _) = Embed(original, OpaqueStores.Create());
        Assert.Equal("<</Type /Catalog /Pages 2 0 R /Odd#20Name#23 <612862290AFF> /Real -1.25 /Flag true "
            + "/Nested [1 [2 <</K /V>>] <78>] /OCProperties <</D <</Order []>>>> /AF [4 0 R] /Names <</EmbeddedFiles 5 0 R>>>>",
            PdfObjectWriter.ToText(NewestCatalog(output)));
    }

    [Fact]
    public void File_without_a_final_line_break_gets_one_before_the_update()
    {
        var bytes = Classic();
        var original = bytes[..^1]; // drop the "\n" after %%EOF
        var store = OpaqueStores.Create();
        var (output, placement) = Embed(original, store);
        AssertEmbedded(original, output, placement, store);
        Assert.Equal((byte)'\n', output[original.Length]);
        Assert.Equal((byte)'4', output[original.Length + 1]);
    }

    [Fact]
    public void Remove_truncates_appended_updates_back_to_the_original()
    {
        var original = Classic();
        var (once, _) = Embed(original, OpaqueStores.Create(300, seed: 1));
        var (twice, _) = Embed(once, OpaqueStores.Create(300, seed: 2));
        foreach (var signed in new[] { once, twice })
        {
            var removed = new MemoryStream();
            PdfFormat.Instance.Remove(new MemoryStream(signed), removed);
            Assert.Equal(OpaqueStores.Hex(original), OpaqueStores.Hex(removed.ToArray()));
        }

        var unsigned = new MemoryStream();
        PdfFormat.Instance.Remove(new MemoryStream(original), unsigned);
        Assert.Equal(OpaqueStores.Hex(original), OpaqueStores.Hex(unsigned.ToArray()));
    }

    [Fact]
    public void Remove_refuses_a_store_in_the_base_document_or_an_update_that_changed_more()
    {
        var store = OpaqueStores.Create();
        var inBase = new PdfBuilder()
            .Object(1, "<</Type /Catalog /Pages 2 0 R /AF [4 0 R]>>")
            .Object(2, Pages)
            .Object(4, "<</Type /Filespec /F (m) /AFRelationship /C2PA_Manifest /EF <</F 5 0 R>>>>")
            .Stream(5, "/Type /EmbeddedFile /Subtype /application#2Fc2pa", store)
            .Xref("/Root 1 0 R", size: 6)
            .ToArray();
        var (signed, _) = Embed(Classic(), store);
        var edit = "2 0 obj\n<</Type /Pages /Kids [] /Count 0 /Rotate 90>>\nendobj\n";
        byte[] thenEdited = [.. signed, .. Encoding.Latin1.GetBytes(edit + FormattableString.Invariant(
            $"xref\n2 1\n{signed.Length:D10} 00000 n\r\ntrailer\n<</Size 7 /Root 1 0 R /Prev {Open(signed).Sections[0].Offset}>>\nstartxref\n{signed.Length + edit.Length}\n%%EOF\n"))];
        Assert.Equal(3, Open(thenEdited).Sections.Count);

        foreach (var pdf in new[] { inBase, thenEdited })
        {
            var destination = new MemoryStream();
            var error = Assert.Throws<NotSupportedException>(() => PdfFormat.Instance.Remove(new MemoryStream(pdf), destination));
            Assert.Contains("rewriting", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, destination.Length);
        }
    }

    [Fact]
    public void Encrypted_pdf_is_refused_before_anything_is_written()
    {
        var original = new PdfBuilder()
            .Object(1, "<</Type /Catalog /Pages 2 0 R>>")
            .Object(2, Pages)
            .Object(3, "<</Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4>>")
            .Xref("/Root 1 0 R /Encrypt 3 0 R /ID [<AB> <AB>]", size: 4)
            .ToArray();
        var destination = new MemoryStream();
        var error = Assert.Throws<NotSupportedException>(() => PdfFormat.Instance.Embed(new MemoryStream(original), destination, OpaqueStores.Create()));
        Assert.Contains("encrypted", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, destination.Length);
    }

    [Theory]
    [InlineData("/P 1", "P=1")]
    [InlineData("/P 2", "P=2")]
    [InlineData("", "P=2")]
    [InlineData("/P 3", "FileAttachment annotation")]
    public void Certified_pdf_is_refused(string permission, string expected)
    {
        var original = new PdfBuilder()
            .Object(1, "<</Type /Catalog /Pages 2 0 R /Perms <</DocMDP 3 0 R>>>>")
            .Object(2, Pages)
            .Object(3, "<</Type /Sig /Filter /Adobe.PPKLite /Contents <00> /Reference [<</Type /SigRef /TransformMethod /DocMDP /TransformParams <</Type /TransformParams " + permission + " /V /1.2>>>>]>>")
            .Xref("/Root 1 0 R", size: 4)
            .ToArray();
        var destination = new MemoryStream();
        var error = Assert.Throws<NotSupportedException>(() => PdfFormat.Instance.Embed(new MemoryStream(original), destination, OpaqueStores.Create()));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("§A.4.2.1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, destination.Length);
    }

    [Fact]
    public void Malformed_name_tree_is_malformed_content()
    {
        var original = new PdfBuilder()
            .Object(1, "<</Type /Catalog /Pages 2 0 R /Names <</EmbeddedFiles <</Names [(a) 2 0 R (b)]>>>>>>")
            .Object(2, Pages)
            .Xref("/Root 1 0 R", size: 3)
            .ToArray();
        var destination = new MemoryStream();
        Assert.Throws<MalformedContentException>(() => PdfFormat.Instance.Embed(new MemoryStream(original), destination, OpaqueStores.Create()));
        Assert.Equal(0, destination.Length);
    }

    [Fact]
    public void Combined_stores_keep_every_manifest_once_oldest_first()
    {
        var first = Store(("urn:a", 1), ("urn:b", 2));
        var second = Store(("urn:a", 1), ("urn:b", 2), ("urn:c", 3));
        var combined = PdfFormat.CombineStores([
            new EmbeddedStore { Jumbf = first, Carriage = [] },
            new EmbeddedStore { Jumbf = second, Carriage = [] },
        ]);
        Assert.Equal(OpaqueStores.Hex(second), OpaqueStores.Hex(combined));

        var other = Store(("urn:d", 4));
        var both = PdfFormat.CombineStores([
            new EmbeddedStore { Jumbf = first, Carriage = [] },
            new EmbeddedStore { Jumbf = other, Carriage = [] },
        ]);
        Assert.Equal(OpaqueStores.Hex(Store(("urn:a", 1), ("urn:b", 2), ("urn:d", 4))), OpaqueStores.Hex(both));
    }

    /// <summary>A store superbox with one labelled, otherwise empty, superbox per manifest.</summary>
    private static byte[] Store(params (string Label, byte Seed)[] manifests)
    {
        var children = new List<byte[]>();
        foreach (var (label, seed) in manifests)
        {
            children.Add(Jumbf.JumbfWriter.SuperBox(Spec.C2paBoxes.StandardManifest, label, [Jumbf.JumbfWriter.ContentBox(Jumbf.FourCC.From("bidb"), [seed])]));
        }

        return Jumbf.JumbfWriter.SuperBox(Spec.C2paBoxes.ManifestStore, "c2pa", children);
    }
}
