using System.Formats.Cbor;
using MediaTrust.Spec;
using MediaTrust.Validation;

namespace MediaTrust.Assertions;

public sealed class SoftBindingAssertionTests
{
    private static byte[] Cbor(Action<CborWriter> write) => TestAssets.Cbor(write);

    [Fact]
    public void A_whole_content_binding_writes_the_deterministic_encoding_byte_for_byte()
    {
        var binding = new SoftBindingAssertion("io.iscc.v0", [new(SoftBindingAssertion.Scope.Whole, new byte[] { 1, 2 })]);

        // {"alg": "io.iscc.v0", "blocks": [{"scope": {}, "value": h'0102'}]}, keys in core deterministic order (length, then bytes).
        Assert.Equal(
            "a263616c676a696f2e697363632e763066626c6f636b7381a26573636f7065a06576616c7565420102",
            Convert.ToHexStringLower(binding.Write()));
    }

    [Fact]
    public void Keys_are_sorted_by_length_then_bytes_whatever_the_record_holds()
    {
        var binding = new SoftBindingAssertion("a", [new(new SoftBindingAssertion.Scope(null, new SoftBindingAssertion.Timespan(1, 2)), new byte[] { 9 })]);

        // {"alg": "a", "blocks": [{"scope": {"timespan": {"end": 2, "start": 1}}, "value": h'09'}]}
        Assert.Equal(
            "a263616c67616166626c6f636b7381a26573636f7065a16874696d657370616ea263656e64026573746172740165" + "76616c75654109",
            Convert.ToHexStringLower(binding.Write()));
    }

    [Fact]
    public void The_spec_example_reads_its_algorithm_and_two_timespan_blocks()
    {
        // Spec 2.4 §18.10.2's example, with its pad.
        var cbor = Cbor(w =>
        {
            w.WriteStartMap(3);
            w.WriteTextString("alg");
            w.WriteTextString("phash");
            w.WriteTextString("pad");
            w.WriteByteString([0]);
            w.WriteTextString("blocks");
            w.WriteStartArray(2);
            foreach (var (start, end, value) in new[] { (0UL, 133016UL, "value1\n"), (133017UL, 245009UL, "value2\n") })
            {
                w.WriteStartMap(2);
                w.WriteTextString("scope");
                w.WriteStartMap(1);
                w.WriteTextString("timespan");
                w.WriteStartMap(2);
                w.WriteTextString("end");
                w.WriteUInt64(end);
                w.WriteTextString("start");
                w.WriteUInt64(start);
                w.WriteEndMap();
                w.WriteEndMap();
                w.WriteTextString("value");
                w.WriteByteString(System.Text.Encoding.ASCII.GetBytes(value));
                w.WriteEndMap();
            }

            w.WriteEndArray();
            w.WriteEndMap();
        });

        var read = SoftBindingAssertion.Read(cbor);

        Assert.Equal("phash", read.Algorithm);
        Assert.Equal([new SoftBindingAssertion.Timespan(0, 133016), new SoftBindingAssertion.Timespan(133017, 245009)], read.Blocks.Select(b => b.Scope.Timespan!.Value));
        Assert.Equal("value2\n", System.Text.Encoding.ASCII.GetString(read.Blocks[1].Value.Span));
    }

    [Fact]
    public void Deprecated_url_and_extent_are_skipped_and_alg_soft_stands_in_for_a_missing_alg()
    {
        var cbor = Cbor(w =>
        {
            w.WriteStartMap(2);
            w.WriteTextString("url");
            w.WriteTextString("https://example.com/unused");
            w.WriteTextString("blocks");
            w.WriteStartArray(1);
            w.WriteStartMap(2);
            w.WriteTextString("scope");
            w.WriteStartMap(1);
            w.WriteTextString("extent");
            w.WriteByteString([1, 2, 3]);
            w.WriteEndMap();
            w.WriteTextString("value");
            w.WriteByteString([7]);
            w.WriteEndMap();
            w.WriteEndArray();
            w.WriteEndMap();
        });

        var read = SoftBindingAssertion.Read(cbor);

        Assert.Null(read.Algorithm);
        Assert.True(Assert.Single(read.Blocks).Scope.IsWhole);
        Assert.Equal("io.iscc.v0", read.EffectiveAlgorithm("io.iscc.v0"));
        Assert.Null(read.EffectiveAlgorithm(null));
    }

    [Fact]
    public void Region_alg_params_name_and_binding_metadata_survive_a_write_and_read()
    {
        // region-map (§18.2): [{"type": "spatial", "value": {"shape": "rectangle"}}], kept as encoded CBOR.
        var region = new CborWriter(CborConformanceMode.Canonical);
        region.WriteStartArray(1);
        region.WriteStartMap(1);
        region.WriteTextString("type");
        region.WriteTextString("spatial");
        region.WriteEndMap();
        region.WriteEndArray();
        var metadata = new CborWriter(CborConformanceMode.Canonical);
        metadata.WriteStartMap(1);
        metadata.WriteTextString("description");
        metadata.WriteTextString("test");
        metadata.WriteEndMap();
        var binding = new SoftBindingAssertion("org.mediatrust.pdq.v1", [new(new SoftBindingAssertion.Scope(region.Encode(), null), new byte[] { 1, 2, 3 })])
        {
            Name = "whole image",
            AlgorithmParameters = new byte[] { 0xa0 },
            BindingMetadata = metadata.Encode(),
        };

        var bytes = binding.Write();
        var read = SoftBindingAssertion.Read(bytes);

        Assert.Equal(bytes, read.Write());
        Assert.Equal("whole image", read.Name);
        Assert.Equal(region.Encode(), read.Blocks[0].Scope.Region!.Value.ToArray());
        Assert.Equal(metadata.Encode(), read.BindingMetadata!.Value.ToArray());
        Assert.Equal([0xa0], read.AlgorithmParameters!.Value.ToArray());
    }

    public static TheoryData<string, byte[]> Malformed() => new()
    {
        { "not a map", Cbor(w => w.WriteTextString("x")) },
        { "no blocks", Cbor(w => { w.WriteStartMap(1); w.WriteTextString("alg"); w.WriteTextString("a.b"); w.WriteEndMap(); }) },
        { "empty blocks", Cbor(w => { w.WriteStartMap(1); w.WriteTextString("blocks"); w.WriteStartArray(0); w.WriteEndArray(); w.WriteEndMap(); }) },
        { "value not bstr", Cbor(w => { w.WriteStartMap(1); w.WriteTextString("blocks"); w.WriteStartArray(1); w.WriteStartMap(2); w.WriteTextString("scope"); w.WriteStartMap(0); w.WriteEndMap(); w.WriteTextString("value"); w.WriteTextString("v"); w.WriteEndMap(); w.WriteEndArray(); w.WriteEndMap(); }) },
        { "no scope", Cbor(w => { w.WriteStartMap(1); w.WriteTextString("blocks"); w.WriteStartArray(1); w.WriteStartMap(1); w.WriteTextString("value"); w.WriteByteString([1]); w.WriteEndMap(); w.WriteEndArray(); w.WriteEndMap(); }) },
        { "alg not text", Cbor(w => { w.WriteStartMap(1); w.WriteTextString("alg"); w.WriteInt32(3); w.WriteEndMap(); }) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_map_that_is_not_a_soft_binding_map_is_soft_binding_malformed(string why, byte[] cbor)
    {
        var e = Assert.Throws<MalformedContentException>(() => SoftBindingAssertion.Read(cbor));

        Assert.True(e.StatusCode == ValidationStatusCodes.SoftBindingMalformed, why);
    }

    [Fact]
    public void Bytes_that_are_not_cbor_are_assertion_cbor_invalid()
    {
        var e = Assert.Throws<MalformedContentException>(() => SoftBindingAssertion.Read(new byte[] { 0xa1, 0x63 }));

        Assert.Equal(ValidationStatusCodes.AssertionCborInvalid, e.StatusCode);
    }

    [Fact]
    public void The_bundled_algorithm_list_knows_iscc_as_a_fingerprint_and_trustmark_as_a_watermark()
    {
        var list = SoftBindingAlgorithmList.Bundled;

        Assert.Equal(SoftBindingType.Fingerprint, list.Find("io.iscc.v0")!.Type);
        Assert.Equal(SoftBindingType.Watermark, list.Find("com.adobe.trustmark.Q")!.Type);
        Assert.Null(list.Find("org.mediatrust.pdq.v1"));
        Assert.Equal(list.Algorithms.Count, list.Algorithms.Select(a => a.Identifier).Distinct().Count());
    }

    [Fact]
    public void A_parsed_list_keeps_the_deprecated_flag()
    {
        var list = SoftBindingAlgorithmList.Parse("""
            [{ "identifier": 9, "alg": "com.example.old", "type": "watermark", "deprecated": true, "decodedMediaTypes": ["image"],
               "entryMetadata": { "description": "old", "dateEntered": "2024-01-01T00:00:00Z", "contact": "a@example.com", "informationalUrl": "https://example.com" } }]
            """u8);

        Assert.True(list.Find("com.example.old")!.Deprecated);
        Assert.Throws<ArgumentException>(() => SoftBindingAlgorithmList.Parse("{}"u8));
    }
}
