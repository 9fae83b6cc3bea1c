using System.Security.Cryptography;
using MediaTrust.Assertions;
using MediaTrust.Bindings;
using MediaTrust.IO;
using MediaTrust.Testing;

namespace MediaTrust.Assertions;

public sealed class HashAssertionTests
{
    private const string Fixtures = "c2pa-rs/sdk/tests/fixtures/";

    [Fact]
    public void A_written_data_hash_reads_back_and_keeps_the_placeholder_size()
    {
        var hash = SHA256.HashData("asset"u8);
        var placeholder = DataHashAssertion.WritePlaceholder(1, 32, "sha256");
        var written = DataHashAssertion.Write([new ByteRange(20, 1234)], hash, "sha256", placeholder.Length);

        Assert.Equal(placeholder.Length, written.Length);
        var read = DataHashAssertion.Read(written);
        Assert.Equal([(20L, 1234L)], read.Exclusions);
        Assert.Equal("sha256", read.Algorithm);
        Assert.Equal(hash, read.Hash);
        Assert.Equal("jumbf manifest", read.Name);
    }

    [Fact]
    [Trait("Category", "Corpus")]
    public void A_data_hash_of_the_corpus_reads()
    {
        var assertion = CorpusAssertions.First(Fixtures + "CA.jpg", AssertionLabels.DataHash);
        var read = DataHashAssertion.Read(assertion.Data);

        Assert.NotEmpty(read.Exclusions);
        Assert.Equal(32, read.Hash!.Length);
    }

    [Fact]
    public void A_box_hash_is_written_byte_for_byte_as_read()
    {
        var names = new[] { "SOI", "C2PA", "APP0" };
        var hashes = new[] { SHA256.HashData("a"u8), new byte[] { 0 }, SHA256.HashData("b"u8) };
        var written = BoxHashAssertion.Write(names, hashes, "sha256");
        var read = BoxHashAssertion.Read(written);

        Assert.Equal("sha256", read.Algorithm);
        Assert.Equal(names, read.Boxes!.Select(b => b.Names![0]));
        Assert.Equal(hashes, read.Boxes!.Select(b => b.Hash!));
        Assert.Equal(written, BoxHashAssertion.Write([.. read.Boxes!.Select(b => b.Names![0])], [.. read.Boxes!.Select(b => b.Hash!)], read.Algorithm!));
        Assert.Equal(written.Length, BoxHashAssertion.WritePlaceholder(names, 32, "sha256").Length);
    }

    [Fact]
    public void A_bmff_v3_hash_is_written_byte_for_byte_as_read()
    {
        var hash = SHA256.HashData("movie"u8);
        var written = BmffHashAssertion.WriteV3(BmffHashValidator.SigningExclusions, hash, "sha256");
        var read = BmffHashAssertion.Read(written);

        Assert.Equal(hash, read.Hash);
        Assert.Equal(["/uuid", "/ftyp", "/mfra"], read.Exclusions!.Select(e => e.XPath));
        Assert.Equal(written, BmffHashAssertion.WriteV3(read.Exclusions!, read.Hash!, read.Algorithm!));
    }

    [Fact]
    [Trait("Category", "Corpus")]
    public void A_bmff_v2_hash_of_the_corpus_reads()
    {
        var assertion = CorpusAssertions.First(Fixtures + "video1.mp4", AssertionLabels.BmffHashV2);
        var read = BmffHashAssertion.Read(assertion.Data);

        Assert.NotEmpty(read.Exclusions!);
        Assert.True(read.Hash is not null || read.Merkle.Count > 0);
    }
}
