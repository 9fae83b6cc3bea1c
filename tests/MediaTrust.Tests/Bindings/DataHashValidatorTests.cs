using System.Formats.Cbor;
using System.Security.Cryptography;
using MediaTrust.Assertions;
using MediaTrust.IO;

namespace MediaTrust.Bindings;

public sealed class DataHashValidatorTests
{
    // A 64-byte "asset" whose bytes 10..29 hold a manifest store.
    private static readonly byte[] Asset = Enumerable.Range(0, 64).Select(i => (byte)(i + 1)).ToArray();
    private static readonly ByteRange Store = new(10, 20);

    [Fact]
    public void Decodes_the_cddl_fields_and_skips_unknown_ones()
    {
        var cbor = Encode([(10, 20)], "sha256", [1, 2, 3], extraField: true);

        var assertion = DataHashAssertion.Read(cbor);

        Assert.Equal([(10L, 20L)], assertion.Exclusions);
        Assert.Equal("sha256", assertion.Algorithm);
        Assert.Equal([1, 2, 3], assertion.Hash);
        Assert.Equal("jumbf manifest", assertion.Name);
    }

    [Fact]
    public void Matching_bytes_give_dataHash_match()
    {
        var findings = Validate(Encode([(10, 20)], "sha256", HashOutside(10, 20)));

        Assert.Equal(["assertion.dataHash.match"], findings.Select(f => f.Code));
    }

    [Fact]
    public void A_flipped_byte_outside_the_exclusion_is_a_mismatch()
    {
        var tampered = (byte[])Asset.Clone();
        tampered[40] ^= 0xFF;

        var findings = Validate(Encode([(10, 20)], "sha256", HashOutside(10, 20)), tampered);

        Assert.Equal(["assertion.dataHash.mismatch"], findings.Select(f => f.Code));
    }

    [Fact]
    public void The_claim_algorithm_applies_when_the_assertion_has_none()
    {
        var hash = SHA384.HashData(Asset.Take(10).Concat(Asset.Skip(30)).ToArray());

        var findings = Validate(Encode([(10, 20)], alg: null, hash), claimAlgorithm: "sha384");

        Assert.Equal(["assertion.dataHash.match"], findings.Select(f => f.Code));
    }

    [Theory]
    [InlineData("md5")]
    [InlineData("sha1")]
    public void Algorithms_off_the_allowed_list_are_unsupported(string alg)
    {
        var findings = Validate(Encode([(10, 20)], alg, [0]));

        Assert.Equal(["algorithm.unsupported"], findings.Select(f => f.Code));
    }

    [Fact]
    public void Overlapping_exclusions_are_malformed()
    {
        var findings = Validate(Encode([(10, 20), (25, 5)], "sha256", [0]));

        Assert.Equal(["assertion.dataHash.malformed"], findings.Select(f => f.Code));
    }

    [Fact]
    public void Negative_exclusions_are_malformed()
    {
        var findings = Validate(Encode([(-1, 20)], "sha256", [0]));

        Assert.Equal(["assertion.dataHash.malformed"], findings.Select(f => f.Code));
    }

    [Fact]
    public void An_exclusion_past_the_end_is_a_mismatch()
    {
        var findings = Validate(Encode([(10, 20), (60, 10)], "sha256", [0]));

        Assert.Equal("assertion.dataHash.mismatch", Assert.Single(findings).Code);
        Assert.Contains("beyond the end", findings[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_hash_is_a_mismatch()
    {
        var findings = Validate(Encode([(10, 20)], "sha256", hash: null));

        Assert.Equal(["assertion.dataHash.mismatch"], findings.Select(f => f.Code));
    }

    [Fact]
    public void An_exclusion_that_hides_non_zero_data_beside_the_store_is_a_mismatch()
    {
        // Excluding 10..39 covers the store and 10 bytes of real content after it.
        var findings = Validate(Encode([(10, 30)], "sha256", HashOutside(10, 30)));

        Assert.Equal("assertion.dataHash.mismatch", Assert.Single(findings).Code);
        Assert.Contains("zero padding", findings[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_padding_beside_the_store_may_be_excluded()
    {
        var padded = (byte[])Asset.Clone();
        Array.Clear(padded, 30, 4);
        var hash = SHA256.HashData(padded.Take(10).Concat(padded.Skip(34)).ToArray());

        var findings = Validate(Encode([(10, 24)], "sha256", hash), padded);

        Assert.Equal(["assertion.dataHash.match"], findings.Select(f => f.Code));
    }

    [Fact]
    public void Jpeg_requires_the_exclusion_to_equal_the_app11_segments()
    {
        var padded = (byte[])Asset.Clone();
        Array.Clear(padded, 30, 4);
        var hash = SHA256.HashData(padded.Take(10).Concat(padded.Skip(34)).ToArray());

        var findings = Validate(Encode([(10, 24)], "sha256", hash), padded, exact: true);

        Assert.Equal(["assertion.dataHash.mismatch"], findings.Select(f => f.Code));
    }

    [Fact]
    public void Store_bytes_an_exclusion_leaves_out_are_hashed_like_content()
    {
        // A RIFF pad byte after the store is carriage but may be left out of the exclusion.
        var cbor = Encode([(12, 10)], "sha256", HashOutside(12, 10));
        var tampered = (byte[])Asset.Clone();
        tampered[25] ^= 1;

        Assert.Equal(["assertion.dataHash.match"], Validate(cbor).Select(f => f.Code));
        Assert.Equal(["assertion.dataHash.mismatch"], Validate(cbor, tampered).Select(f => f.Code));
        Assert.Equal(["assertion.dataHash.mismatch"], Validate(cbor, exact: true).Select(f => f.Code));
    }

    [Fact]
    public void After_update_manifests_the_store_exclusion_counts_as_the_whole_grown_store()
    {
        // Signed when the store was 10..20; an update manifest has grown it to 10..30 since.
        var cbor = Encode([(10, 10)], "sha256", HashOutside(10, 20));
        using var stream = new MemoryStream(Asset);

        var findings = DataHashValidator.Validate(DataHashAssertion.Read(cbor), null, stream, [Store], exactStoreExclusion: true, updatesFollow: true, TestContext.Current.CancellationToken);

        Assert.Equal(["assertion.dataHash.match"], findings.Select(f => f.Code));
    }

    [Fact]
    public void Other_exclusions_are_reported_as_informational()
    {
        var hash = SHA256.HashData(Asset.Take(10).Concat(Asset.Skip(30).Take(20)).Concat(Asset.Skip(54)).ToArray());

        var findings = Validate(Encode([(10, 20), (50, 4)], "sha256", hash));

        Assert.Equal(["assertion.dataHash.additionalExclusionsPresent", "assertion.dataHash.match"], findings.Select(f => f.Code));
    }

    [Fact]
    public void Cbor_that_lies_about_its_length_is_reported_as_assertion_cbor_invalid()
    {
        byte[] truncated = [0xA1, 0x64, (byte)'h', (byte)'a', (byte)'s', (byte)'h', 0x58, 0xFF, 0x01];

        var e = Assert.Throws<MalformedContentException>(() => DataHashAssertion.Read(truncated));

        Assert.Equal("assertion.cbor.invalid", e.StatusCode);
    }

    [Fact]
    public void A_huge_declared_array_is_refused_before_allocation()
    {
        // {"exclusions": array(2^32-1)}
        byte[] hostile = [0xA1, 0x6A, .."exclusions"u8, 0x9A, 0xFF, 0xFF, 0xFF, 0xFF];

        var e = Assert.Throws<MalformedContentException>(() => DataHashAssertion.Read(hostile));

        Assert.Equal("assertion.cbor.invalid", e.StatusCode);
    }

    private static byte[] HashOutside(int start, int length) =>
        SHA256.HashData(Asset.Take(start).Concat(Asset.Skip(start + length)).ToArray());

    private static IReadOnlyList<BindingFinding> Validate(byte[] cbor, byte[]? asset = null, bool exact = false, string? claimAlgorithm = null)
    {
        using var stream = new MemoryStream(asset ?? Asset);
        return DataHashValidator.Validate(DataHashAssertion.Read(cbor), claimAlgorithm, stream, [Store], exact);
    }

    private static byte[] Encode((long Start, long Length)[] exclusions, string? alg, byte[]? hash, bool extraField = false)
    {
        var writer = new CborWriter();
        writer.WriteStartMap(null);
        writer.WriteTextString("exclusions");
        writer.WriteStartArray(exclusions.Length);
        foreach (var (start, length) in exclusions)
        {
            writer.WriteStartMap(2);
            writer.WriteTextString("start");
            writer.WriteInt64(start);
            writer.WriteTextString("length");
            writer.WriteInt64(length);
            writer.WriteEndMap();
        }

        writer.WriteEndArray();
        writer.WriteTextString("name");
        writer.WriteTextString("jumbf manifest");
        if (alg is not null)
        {
            writer.WriteTextString("alg");
            writer.WriteTextString(alg);
        }

        if (hash is not null)
        {
            writer.WriteTextString("hash");
            writer.WriteByteString(hash);
        }

        writer.WriteTextString("pad");
        writer.WriteByteString(new byte[3]);
        if (extraField)
        {
            writer.WriteTextString("future");
            writer.WriteInt32(7);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }
}
