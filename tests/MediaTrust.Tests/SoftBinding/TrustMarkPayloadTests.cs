namespace MediaTrust.SoftBinding;

/// <summary>TrustMark's 100-bit payload: BCH decoding per schema, error correction up to t bits, golden payloads.</summary>
public sealed class TrustMarkPayloadTests
{
    /// <summary>
    /// Payloads computed with the BCH encoder of adobe/trustmark (python/trustmark/bchecc.py, MIT, the data layer's
    /// padding and version bits), for seeded random data: schema, data bits, raw payload.
    /// </summary>
    public static TheoryData<TrustMarkSchema, string, string> Golden => new()
    {
        {
            TrustMarkSchema.BchSuper, "1010001000011000100001000011001000100001",
            "1010001000011000100001000011001000100001111101100101001100110110100010100110100001001000100110000000"
        },
        {
            TrustMarkSchema.Bch5, "1000011111001010110011111001100111110110010010011100111011111",
            "1000011111001010110011111001100111110110010010011100111011111000010010110101010111110001000101000001"
        },
        {
            TrustMarkSchema.Bch4, "00101100111001111101100001001000001000101111001111100011100010010110",
            "0010110011100111110110000100100000100010111100111110001110001001011000100011000001001010001001010010"
        },
        {
            TrustMarkSchema.Bch3, "100010011001110111100001010101100101011011100000010110000001000101011100111",
            "1000100110011101111000010101011001010110111000000101100000010001010111001110011111100000100100110011"
        },
        {
            // The identifier of TrustMark's C2PA example manifest (c2pa/manifest.json: value "2*0000…1110").
            TrustMarkSchema.Bch4, "00000010010100000100001111011011010011100010011101000010100000001110",
            "0000001001010000010000111101101101001110001001110100001010000000111000000010100001001101111001000010"
        },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void Encoding_matches_the_reference_payloads(TrustMarkSchema schema, string data, string raw)
    {
        Assert.Equal(raw, TrustMarkPayload.Encode(schema, data));
    }

    [Theory]
    [MemberData(nameof(Golden))]
    public void Reference_payloads_decode_to_their_schema_and_data(TrustMarkSchema schema, string data, string raw)
    {
        var payload = TrustMarkPayload.Decode(raw);
        Assert.Equal(new TrustMarkPayload(schema, data, true, 0), payload);
        Assert.Equal($"{(int)schema}*{data}", payload.BindingText);
    }

    [Fact]
    public void The_reference_payloads_with_errors_the_reference_decoder_corrected_decode_the_same()
    {
        // Bits flipped at positions the test drew (the reference decoder corrected each): 8, 5, 4 and 3 errors.
        (string Flipped, TrustMarkSchema Schema, string Data)[] cases =
        [
            ("1010001000011000100001000011001000100001011101000101000100000110100000100100100001001001100110000000", TrustMarkSchema.BchSuper, "1010001000011000100001000011001000100001"),
            ("1000011111101010110111011001110111110110010010011100111011111000010010110101010111111001000101000001", TrustMarkSchema.Bch5, "1000011111001010110011111001100111110110010010011100111011111"),
            ("0010110011100111110110000100000000100010111101111110001110001001011011100011000001001010001001010010", TrustMarkSchema.Bch4, "00101100111001111101100001001000001000101111001111100011100010010110"),
            ("1000100110011101011000010101011001010110111000000101100000010001110101001110011111100000100100110011", TrustMarkSchema.Bch3, "100010011001110111100001010101100101011011100000010110000001000101011100111"),
        ];
        foreach (var (flipped, schema, data) in cases)
        {
            var payload = TrustMarkPayload.Decode(flipped);
            Assert.Equal(new TrustMarkPayload(schema, data, true, TrustMarkPayload.CorrectableErrors(schema)), payload);
        }
    }

    [Theory]
    [InlineData(TrustMarkSchema.BchSuper, 40, 8)]
    [InlineData(TrustMarkSchema.Bch5, 61, 5)]
    [InlineData(TrustMarkSchema.Bch4, 68, 4)]
    [InlineData(TrustMarkSchema.Bch3, 75, 3)]
    public void Up_to_t_flipped_bits_are_corrected_in_every_schema(TrustMarkSchema schema, int capacity, int t)
    {
        Assert.Equal(capacity, TrustMarkPayload.DataCapacity(schema));
        Assert.Equal(t, TrustMarkPayload.CorrectableErrors(schema));
        var random = new Random(1000 + (int)schema);
        for (var trial = 0; trial < 200; trial++)
        {
            var data = RandomBits(random, capacity);
            var raw = TrustMarkPayload.Encode(schema, data).ToCharArray();
            var errors = trial % (t + 1);

            // Errors anywhere in the data and parity bits (the version bits are not protected by the code).
            foreach (var position in Enumerable.Range(0, 96).OrderBy(_ => random.Next()).Take(errors))
            {
                raw[position] = raw[position] == '0' ? '1' : '0';
            }

            var payload = TrustMarkPayload.Decode(new string(raw));
            Assert.Equal(new TrustMarkPayload(schema, data, true, errors), payload);
        }
    }

    [Theory]
    [InlineData(TrustMarkSchema.BchSuper)]
    [InlineData(TrustMarkSchema.Bch5)]
    [InlineData(TrustMarkSchema.Bch4)]
    [InlineData(TrustMarkSchema.Bch3)]
    public void More_errors_than_the_code_corrects_never_yield_the_original_data_as_corrected(TrustMarkSchema schema)
    {
        var t = TrustMarkPayload.CorrectableErrors(schema);
        var random = new Random(2000 + (int)schema);
        var failures = 0;
        for (var trial = 0; trial < 200; trial++)
        {
            var data = RandomBits(random, TrustMarkPayload.DataCapacity(schema));
            var raw = TrustMarkPayload.Encode(schema, data).ToCharArray();
            foreach (var position in Enumerable.Range(0, 96).OrderBy(_ => random.Next()).Take(t + 1 + (trial % 3)))
            {
                raw[position] = raw[position] == '0' ? '1' : '0';
            }

            var payload = TrustMarkPayload.Decode(new string(raw));

            // Beyond t errors a BCH decoder either fails or lands on another codeword, never on the one sent.
            Assert.False(payload.Corrected && payload.DataBits == data);
            if (!payload.Corrected)
            {
                failures++;
                Assert.Equal(-1, payload.BitErrors);
            }
        }

        // Most such words are detected as uncorrectable (a shortened code leaves little room for a wrong codeword).
        Assert.True(failures > 150, $"only {failures} of 200 words with more than {t} errors were reported uncorrectable");
    }

    [Fact]
    public void Hexadecimal_payloads_are_the_same_bits()
    {
        var (schema, data, raw) = ("2", "00000010010100000100001111011011010011100010011101000010100000001110",
            "0000001001010000010000111101101101001110001001110100001010000000111000000010100001001101111001000010");
        var hex = string.Concat(Enumerable.Range(0, 25).Select(i => Convert.ToInt32(raw.Substring(i * 4, 4), 2).ToString("x", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal($"{schema}*{data}", TrustMarkPayload.Decode(hex).BindingText);
        Assert.Equal("2*"u8.ToArray().Concat(data.Select(c => (byte)c)), TrustMarkPayload.Decode(hex).BindingValue);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0101")]
    [InlineData("0000001001010000010000111101101101001110001001110100001010000000111000000010100001001101111001000012")]
    [InlineData("xyz0001001010000010000111")]
    public void Anything_but_100_bits_is_refused(string raw)
    {
        Assert.Throws<FormatException>(() => TrustMarkPayload.Decode(raw));
    }

    [Fact]
    public void Data_longer_than_the_schema_is_refused()
    {
        Assert.Throws<FormatException>(() => TrustMarkPayload.Encode(TrustMarkSchema.BchSuper, new string('1', 41)));
        Assert.Throws<FormatException>(() => TrustMarkPayload.Encode(TrustMarkSchema.Bch3, "012"));
    }

    private static string RandomBits(Random random, int count) => string.Concat(Enumerable.Range(0, count).Select(_ => random.Next(2) == 0 ? '0' : '1'));
}
