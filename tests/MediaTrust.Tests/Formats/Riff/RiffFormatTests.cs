using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Riff;

public sealed class RiffFormatTests
{
    /// <summary>A RIFF file with the given form type and chunks (id, data); pad bytes added for odd sizes.</summary>
    internal static byte[] Build(string formType, params (string Id, byte[] Data)[] chunks)
    {
        using var body = new MemoryStream();
        body.Write(OpaqueStores.Ascii(formType));
        foreach (var (id, data) in chunks)
        {
            body.Write(OpaqueStores.Ascii(id));
            var size = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)data.Length);
            body.Write(size);
            body.Write(data);
            if ((data.Length & 1) != 0)
            {
                body.WriteByte(0);
            }
        }

        var file = new byte[8 + body.Length];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)body.Length);
        body.ToArray().CopyTo(file, 8);
        return file;
    }

    private static byte[] MinimalWav() => Build("WAVE", ("fmt ", new byte[16]), ("data", new byte[] { 1, 2, 3 }));

    [Fact]
    public void Wav_round_trip_restores_the_original() => FormatAssert.RoundTrip(RiffFormat.Wav, MinimalWav());

    [Fact]
    public void Odd_store_is_padded_and_the_carriage_includes_the_pad()
    {
        var original = MinimalWav();
        FormatAssert.RoundTrip(RiffFormat.Wav, original, storeLength: 1001);
        using var output = new MemoryStream();
        var placement = RiffFormat.Wav.Embed(new MemoryStream(original), output, OpaqueStores.Create(1001));
        var range = Assert.Single(placement.Carriage);
        Assert.Equal(original.Length, range.Start);
        Assert.Equal(8 + 1002, range.Length);
        Assert.Equal(output.Length, range.End);
        // RIFF size covers everything after its 8-byte header.
        Assert.Equal(output.Length - 8, BinaryPrimitives.ReadUInt32LittleEndian(output.ToArray().AsSpan(4)));
        Assert.Equal("43325041E9030000", OpaqueStores.Hex(output.ToArray().AsSpan((int)range.Start, 8)));
    }

    [Fact]
    public void WebP_and_avi_round_trip()
    {
        FormatAssert.RoundTrip(RiffFormat.WebP, Build("WEBP", ("VP8L", new byte[] { 0x2F, 0, 0, 0, 0 })));
        FormatAssert.RoundTrip(RiffFormat.Avi, Build("AVI ", ("LIST", OpaqueStores.Ascii("hdrlavih")), ("LIST", OpaqueStores.Ascii("movi"))));
    }

    [Fact]
    public void Store_in_the_middle_is_moved_to_the_end()
    {
        var store = OpaqueStores.Create(200);
        var file = Build("WAVE", ("fmt ", new byte[16]), ("C2PA", store), ("data", new byte[4]));
        var layout = RiffFormat.Wav.ReadLayout(new MemoryStream(file));
        Assert.Equal(["WAVE", "fmt ", "C2PA", "data"], layout.Boxes.Select(b => b.Name));
        Assert.Equal(new ByteRange(36, 208), Assert.Single(layout.Stores).Carriage[0]);

        using var output = new MemoryStream();
        RiffFormat.Wav.Embed(new MemoryStream(file), output, store);
        var moved = RiffFormat.Wav.ReadLayout(new MemoryStream(output.ToArray()));
        Assert.Equal(["WAVE", "fmt ", "data", "C2PA"], moved.Boxes.Select(b => b.Name));
    }

    [Fact]
    public void List_chunks_are_named_by_list_type_and_not_followed()
    {
        var file = Build("AVI ", ("LIST", OpaqueStores.Ascii("hdrlavih")), ("JUNK", new byte[3]));
        var layout = RiffFormat.Avi.ReadLayout(new MemoryStream(file));
        Assert.Equal(["AVI ", "hdrl", "JUNK"], layout.Boxes.Select(b => b.Name));
        Assert.Equal(new ByteRange(0, 12), layout.Boxes[0].Range);
        Assert.Equal(new ByteRange(28, 12), layout.Boxes[2].Range);
    }

    [Fact]
    public void Xmp_chunk_gives_the_remote_manifest_url()
    {
        var xmp = OpaqueStores.Ascii("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:dcterms=\"http://purl.org/dc/terms/\" dcterms:provenance=\"https://example.com/m.c2pa\"/></rdf:RDF></x:xmpmeta>");
        var layout = RiffFormat.WebP.ReadLayout(new MemoryStream(Build("WEBP", ("VP8X", new byte[10]), ("XMP ", xmp))));
        Assert.Equal("https://example.com/m.c2pa", layout.RemoteManifestUrl);
    }

    [Fact]
    public void Riff_size_past_the_end_is_malformed()
    {
        var file = MinimalWav();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), 0x7FFFFFF0);
        var e = FormatAssert.Rejects(RiffFormat.Wav, file);
        Assert.Equal(4, e.Offset);
    }

    [Fact]
    public void Chunk_size_past_the_riff_end_is_malformed()
    {
        var file = MinimalWav();
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(16), 0xFFFFFFFF);
        var e = FormatAssert.Rejects(RiffFormat.Wav, file);
        Assert.Equal(12, e.Offset);
        Assert.Throws<MalformedContentException>(() => RiffFormat.Wav.Embed(new MemoryStream(file), new MemoryStream(), OpaqueStores.Create()));
    }

    [Fact]
    public void C2pa_chunk_that_is_not_jumbf_is_malformed()
    {
        var file = Build("WAVE", ("fmt ", new byte[16]), ("C2PA", OpaqueStores.Ascii("some more test data")));
        FormatAssert.Rejects(RiffFormat.Wav, file);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_riff_files_match_the_manifest() =>
        CorpusConformance.Check(f => f is RiffFormat, "wav", "avi", "webp");
}
