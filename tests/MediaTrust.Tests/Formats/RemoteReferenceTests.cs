using MediaTrust.Formats.Common;
using MediaTrust.Testing;

namespace MediaTrust.Formats;

/// <summary>Writing the XMP <c>dcterms:provenance</c> remote reference (spec 2.2 §11.4) into every format that carries XMP.</summary>
public sealed class RemoteReferenceTests
{
    private const string First = "https://manifests.example.com/a/0123456789.c2pa";
    private const string Second = "https://manifests.example.com/b/9876543210.c2pa";

    /// <summary>Unsigned and signed corpus files of each format (read in place).</summary>
    public static TheoryData<string, bool> Files() => new()
    {
        { "c2pa-rs/sdk/tests/fixtures/CA.jpg", true },
        { "c2pa-rs/sdk/tests/fixtures/cloud.jpg", true },
        { "c2pa-rs/sdk/tests/fixtures/no_manifest.jpg", true },
        { "c2pa-rs/sdk/tests/fixtures/libpng-test.png", true },
        { "c2pa-rs/sdk/tests/fixtures/libpng-test_with_url.png", true },
        { "c2pa-rs/sdk/tests/fixtures/sample1.png", true },
        { "c2pa-rs/sdk/tests/fixtures/sample1.gif", true },
        { "c2pa-extension-validator/test/media/cards_trusted.gif", true },
        { "c2pa-rs/sdk/tests/fixtures/sample1.webp", true },
        { "c2pa-extension-validator/test/media/cards_trusted.webp", true },
        { "c2pa-rs/sdk/tests/fixtures/sample1.wav", true },
        { "c2pa-extension-validator/test/media/cicadas_trusted.wav", true },
        { "c2pa-rs/sdk/tests/fixtures/test.avi", true },
        { "c2pa-rs/sdk/tests/fixtures/video1_no_manifest.mp4", true },
        { "c2pa-extension-validator/test/media/cards_trusted.mp4", true },
        { "c2pa-rs/sdk/tests/fixtures/sample1.heic", true },
        { "c2pa-rs/sdk/tests/fixtures/sample1.m4a", true },
        { "c2pa-rs/sdk/tests/fixtures/TUSCANY.TIF", false },
        { "c2pa-rs/sdk/tests/fixtures/sample1.svg", true },
        { "c2pa-extension-validator/test/media/cards_trusted.svg", true },
        { "c2pa-rs/sdk/tests/fixtures/sample1.jxl", true },
        { "c2pa-rs/sdk/tests/fixtures/sample1.mp3", true },
        { "c2pa-extension-validator/test/media/cicadas_trusted.mp3", true },
        { "c2pa-rs/sdk/tests/fixtures/sample1.flac", true },
    };

    [Trait("Category", "Corpus")]
    [Theory]
    [MemberData(nameof(Files))]
    public void Write_then_read_reports_the_url_and_rewriting_replaces_it(string file, bool rewriteIsIdempotent)
    {
        var original = File.ReadAllBytes(SharedFolder.RequireCorpusFile(file));
        var format = AssetFormats.Detect(new MemoryStream(original));
        Assert.NotNull(format);
        var writer = Assert.IsAssignableFrom<IRemoteReferenceWriter>(format);
        var before = format.ReadLayout(new MemoryStream(original));

        var once = Write(writer, original, First);
        Assert.Same(format, AssetFormats.Detect(new MemoryStream(once)));
        var layout = format.ReadLayout(new MemoryStream(once));
        Assert.Equal(First, layout.RemoteManifestUrl);

        // An embedded store is kept byte for byte.
        Assert.Equal(before.Stores.Count, layout.Stores.Count);
        for (var i = 0; i < before.Stores.Count; i++)
        {
            Assert.Equal(OpaqueStores.Hex(before.Stores[i].Jumbf.Span), OpaqueStores.Hex(layout.Stores[i].Jumbf.Span));
        }

        var twice = Write(writer, once, Second);
        Assert.Equal(Second, format.ReadLayout(new MemoryStream(twice)).RemoteManifestUrl);
        if (rewriteIsIdempotent)
        {
            // Replaced, not added: rewriting gives exactly what writing the second URL into the original gives.
            Assert.Equal(OpaqueStores.Hex(Write(writer, original, Second)), OpaqueStores.Hex(twice));
        }
    }

    [Trait("Category", "Corpus")]
    [Theory]
    [MemberData(nameof(Files))]
    public void A_store_embedded_after_the_reference_sits_beside_it(string file, bool rewriteIsIdempotent)
    {
        _ = rewriteIsIdempotent;
        var original = File.ReadAllBytes(SharedFolder.RequireCorpusFile(file));
        var format = AssetFormats.Detect(new MemoryStream(original))!;
        var withReference = Write((IRemoteReferenceWriter)format, original, First);
        using var embedded = new MemoryStream();
        var store = OpaqueStores.Create(2000);
        ((IManifestEmbedder)format).Embed(new MemoryStream(withReference), embedded, store);
        var layout = format.ReadLayout(new MemoryStream(embedded.ToArray()));
        Assert.Equal(First, layout.RemoteManifestUrl);
        Assert.Equal(OpaqueStores.Hex(store), OpaqueStores.Hex(Assert.Single(layout.Stores).Jumbf.Span));
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Existing_xmp_keeps_its_other_properties()
    {
        var original = File.ReadAllBytes(SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/TUSCANY.TIF"));
        var written = Write(Tiff.TiffFormat.Instance, original, First);
        var tiff = Tiff.TiffStructure.Read(new MemoryStream(written), default);
        var xmp = Tiff.TiffStructure.ReadValue(new MemoryStream(written), tiff.Ifds[0].Entries.Single(e => e.Tag == 700), "test", FormatLimits.MaxMetadataLength);
        var text = System.Text.Encoding.UTF8.GetString(xmp);
        Assert.Contains("dcterms:provenance=\"" + First + "\"", text, StringComparison.Ordinal);
        Assert.Contains("xmpmeta", text, StringComparison.Ordinal);
        Assert.Equal(tiff.Ifds[0].Entries.Select(e => e.Tag).Order(), tiff.Ifds[0].Entries.Select(e => e.Tag));
    }

    [Fact]
    public void Bare_jpeg_xl_codestream_cannot_carry_xmp() =>
        Assert.Throws<MalformedContentException>(() => Write(JpegXl.JpegXlFormat.Instance, [0xFF, 0x0A, 1, 2, 3], First));

    private static byte[] Write(IRemoteReferenceWriter writer, byte[] source, string url)
    {
        using var output = new MemoryStream();
        writer.WriteRemoteReference(new MemoryStream(source), output, url);
        return output.ToArray();
    }
}
