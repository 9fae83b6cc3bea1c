using System.Formats.Cbor;
using System.Security.Cryptography;
using MediaTrust.Assertions;
using MediaTrust.Formats;
using MediaTrust.IO;

namespace MediaTrust.Bindings;

public sealed class BoxHashValidatorTests
{
    // SOI(0..2) APP0(2..20) C2PA(20..40) DQT(40..50) SOS(50..62) EOI(62..64)
    private static readonly byte[] Asset = Enumerable.Range(0, 64).Select(i => (byte)(i * 7)).ToArray();

    private static readonly AssetBox[] Boxes =
    [
        new("SOI", new ByteRange(0, 2)), new("APP0", new ByteRange(2, 18)), new("C2PA", new ByteRange(20, 20)),
        new("DQT", new ByteRange(40, 10)), new("SOS", new ByteRange(50, 12)), new("EOI", new ByteRange(62, 2)),
    ];

    [Fact]
    public void Boxes_hashed_in_order_match()
    {
        var findings = Validate(Encode(("SOI", 0, 2), ("APP0", 2, 20), ("C2PA", -1, -1), ("DQT|SOS|EOI", 40, 64)));

        Assert.Equal(["assertion.boxesHash.match"], findings.Select(f => f.Code));
    }

    [Fact]
    public void A_changed_byte_in_a_hashed_box_is_a_mismatch()
    {
        var cbor = Encode(("SOI", 0, 2), ("APP0", 2, 20), ("C2PA", -1, -1), ("DQT|SOS|EOI", 40, 64));
        var tampered = (byte[])Asset.Clone();
        tampered[55] ^= 1;

        Assert.Equal(["assertion.boxesHash.mismatch"], Validate(cbor, tampered).Select(f => f.Code));
    }

    [Fact]
    public void A_box_the_assertion_never_names_is_unknown()
    {
        var cbor = Encode(("SOI", 0, 2), ("C2PA", -1, -1), ("DQT|SOS|EOI", 40, 64));

        var finding = Assert.Single(Validate(cbor));

        Assert.Equal("assertion.boxesHash.unknownBox", finding.Code);
        Assert.Contains("APP0", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_boxes_not_covered_are_unknown()
    {
        var cbor = Encode(("SOI", 0, 2), ("APP0", 2, 20), ("C2PA", -1, -1), ("DQT|SOS", 40, 62));

        Assert.Equal(["assertion.boxesHash.unknownBox"], Validate(cbor).Select(f => f.Code));
    }

    [Fact]
    public void Boxes_out_of_order_are_a_mismatch()
    {
        var cbor = Encode(("SOI", 0, 2), ("C2PA", -1, -1), ("APP0", 2, 20), ("DQT|SOS|EOI", 40, 64));

        Assert.Equal(["assertion.boxesHash.mismatch"], Validate(cbor).Select(f => f.Code));
    }

    [Fact]
    public void Entries_without_names_are_malformed()
    {
        var writer = new CborWriter();
        writer.WriteStartMap(2);
        writer.WriteTextString("alg");
        writer.WriteTextString("sha256");
        writer.WriteTextString("boxes");
        writer.WriteStartArray(1);
        writer.WriteStartMap(1);
        writer.WriteTextString("hash");
        writer.WriteByteString([0]);
        writer.WriteEndMap();
        writer.WriteEndArray();
        writer.WriteEndMap();

        Assert.Equal(["assertion.boxesHash.malformed"], Validate(writer.Encode()).Select(f => f.Code));
    }

    [Fact]
    public void A_missing_boxes_field_is_malformed()
    {
        byte[] cbor = [0xA1, 0x63, (byte)'a', (byte)'l', (byte)'g', 0x66, .."sha256"u8];

        Assert.Equal(["assertion.boxesHash.malformed"], Validate(cbor).Select(f => f.Code));
    }

    private static IReadOnlyList<BindingFinding> Validate(byte[] cbor, byte[]? asset = null)
    {
        using var stream = new MemoryStream(asset ?? Asset);
        return BoxHashValidator.Validate(BoxHashAssertion.Read(cbor), null, stream, Boxes);
    }

    /// <summary>Each entry: names joined by '|', and the byte range its hash covers (-1 for the C2PA placeholder).</summary>
    private static byte[] Encode(params (string Names, int Start, int End)[] entries)
    {
        var writer = new CborWriter();
        writer.WriteStartMap(2);
        writer.WriteTextString("alg");
        writer.WriteTextString("sha256");
        writer.WriteTextString("boxes");
        writer.WriteStartArray(entries.Length);
        foreach (var (names, start, end) in entries)
        {
            writer.WriteStartMap(3);
            writer.WriteTextString("names");
            var split = names.Split('|');
            writer.WriteStartArray(split.Length);
            foreach (var name in split)
            {
                writer.WriteTextString(name);
            }

            writer.WriteEndArray();
            writer.WriteTextString("hash");
            writer.WriteByteString(start < 0 ? [0] : SHA256.HashData(Asset.AsSpan(start, end - start)));
            writer.WriteTextString("pad");
            writer.WriteByteString([]);
            writer.WriteEndMap();
        }

        writer.WriteEndArray();
        writer.WriteEndMap();
        return writer.Encode();
    }
}
