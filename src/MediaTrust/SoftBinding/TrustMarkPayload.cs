using System.Text;

namespace MediaTrust.SoftBinding;

/// <summary>The data schemas of a TrustMark payload: how its 100 bits divide between data and BCH parity.</summary>
public enum TrustMarkSchema
{
    /// <summary>40 data bits, 56 parity bits, corrects 8 bit errors (version 0).</summary>
    BchSuper = 0,

    /// <summary>61 data bits, 35 parity bits, corrects 5 bit errors (version 1; TrustMark's default).</summary>
    Bch5 = 1,

    /// <summary>68 data bits, 28 parity bits, corrects 4 bit errors (version 2).</summary>
    Bch4 = 2,

    /// <summary>75 data bits, 21 parity bits, corrects 3 bit errors (version 3).</summary>
    Bch3 = 3,
}

/// <summary>
/// The 100-bit payload a TrustMark watermark decoder reads from an image (<c>com.adobe.trustmark.*</c> on the C2PA soft
/// binding algorithm list), decoded: data bits, then BCH parity bits over GF(2^7), then 4 version bits whose last two
/// name the <see cref="TrustMarkSchema"/>. Neural decoding of the pixels is out of scope: the bits come from another tool.
/// Layout, code and soft binding value: docs/soft-bindings.md, "TrustMark payloads".
/// </summary>
/// <param name="Schema">The data schema, from the version bits.</param>
/// <param name="DataBits">The data bits as '0'/'1' characters (40, 61, 68 or 75 of them), corrected when <paramref name="Corrected"/>.</param>
/// <param name="Corrected">Whether the BCH code accepted the payload (at most the schema's correctable number of bit errors); when false, <paramref name="DataBits"/> are as read.</param>
/// <param name="BitErrors">The bit errors corrected, or −1 when the payload could not be corrected.</param>
public sealed record TrustMarkPayload(TrustMarkSchema Schema, string DataBits, bool Corrected, int BitErrors)
{
    /// <summary>The raw payload's length in bits.</summary>
    public const int PayloadBits = 100;

    /// <summary>The prefix of TrustMark's algorithm identifiers on the C2PA list (variants B, C, P, Q).</summary>
    public const string AlgorithmPrefix = "com.adobe.trustmark.";

    /// <summary>
    /// GF(2^7) by x^7 + x^3 + 1 (137), TrustMark's field; codewords are at most 127 bits, the 96 data and parity bits
    /// with the data padded to whole bytes.
    /// </summary>
    private const int FieldPolynomial = 137;

    private const int VersionBits = 4;

    private static readonly BinaryBchCode[] Codes = [new(FieldPolynomial, 8), new(FieldPolynomial, 5), new(FieldPolynomial, 4), new(FieldPolynomial, 3)];

    /// <summary>
    /// The soft binding value that names this payload in a manifest and a repository: the schema number, <c>*</c>, and the
    /// data bits (e.g. <c>2*0000…1110</c>), as UTF-8, the form TrustMark's C2PA example writes into its soft binding.
    /// </summary>
    public string BindingText => $"{(int)Schema}*{DataBits}";

    /// <summary>The UTF-8 bytes of <see cref="BindingText"/>, the value matched exactly in a repository.</summary>
    public byte[] BindingValue => Encoding.ASCII.GetBytes(BindingText);

    /// <summary>The number of data bits of <paramref name="schema"/>.</summary>
    public static int DataCapacity(TrustMarkSchema schema) => PayloadBits - VersionBits - Code(schema).ParityBits;

    /// <summary>The number of bit errors <paramref name="schema"/> corrects.</summary>
    public static int CorrectableErrors(TrustMarkSchema schema) => Code(schema).T;

    /// <summary>
    /// Decodes a raw payload: 100 '0'/'1' characters, or 25 hexadecimal digits (the bits most significant first).
    /// </summary>
    /// <exception cref="FormatException">Not 100 bits in either form.</exception>
    public static TrustMarkPayload Decode(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var bits = ParseBits(raw.Trim());
        var schema = (TrustMarkSchema)((bits[PayloadBits - 2] ? 2 : 0) + (bits[PayloadBits - 1] ? 1 : 0));
        var code = Code(schema);
        var dataBits = DataCapacity(schema);

        // The codeword the parity was computed over: the data padded with zeros to whole bytes, then the parity bits.
        var padded = RoundUpToBytes(dataBits);
        var codeword = new bool[padded + code.ParityBits];
        bits.AsSpan(0, dataBits).CopyTo(codeword);
        bits.AsSpan(dataBits, code.ParityBits).CopyTo(codeword.AsSpan(padded));
        var corrected = code.Correct(codeword);

        // The padding is known to be zero: a "correction" there means the payload had more errors than the code handles.
        if (corrected > 0 && codeword.AsSpan(dataBits, padded - dataBits).Contains(true))
        {
            corrected = -1;
        }

        var data = corrected >= 0 ? codeword.AsSpan(0, dataBits) : bits.AsSpan(0, dataBits);
        return new TrustMarkPayload(schema, ToText(data), corrected >= 0, corrected);
    }

    /// <summary>
    /// The 100-bit raw payload of <paramref name="dataBits"/> under <paramref name="schema"/> ('0'/'1' characters; shorter
    /// data is padded with zeros, as TrustMark's encoder does).
    /// </summary>
    /// <exception cref="FormatException">The data is not '0'/'1' characters, or longer than the schema holds.</exception>
    public static string Encode(TrustMarkSchema schema, string dataBits)
    {
        ArgumentNullException.ThrowIfNull(dataBits);
        var code = Code(schema);
        var capacity = DataCapacity(schema);
        if (dataBits.Length > capacity || dataBits.Any(c => c is not ('0' or '1')))
        {
            throw new FormatException($"the {schema} schema holds at most {capacity} data bits written as 0 and 1");
        }

        var message = new bool[RoundUpToBytes(capacity)];
        for (var i = 0; i < dataBits.Length; i++)
        {
            message[i] = dataBits[i] == '1';
        }

        var parity = code.Parity(message);
        var text = new StringBuilder(PayloadBits);
        text.Append(ToText(message.AsSpan(0, capacity))).Append(ToText(parity));

        // Four version bits: two reserved (zero), two naming the schema.
        text.Append(Convert.ToString((int)schema, 2).PadLeft(VersionBits, '0'));
        return text.ToString();
    }

    private static BinaryBchCode Code(TrustMarkSchema schema) => (int)schema is >= 0 and < 4
        ? Codes[(int)schema]
        : throw new ArgumentOutOfRangeException(nameof(schema), schema, "not a TrustMark schema");

    private static int RoundUpToBytes(int bits) => (bits + 7) / 8 * 8;

    private static string ToText(ReadOnlySpan<bool> bits)
    {
        var text = new char[bits.Length];
        for (var i = 0; i < bits.Length; i++)
        {
            text[i] = bits[i] ? '1' : '0';
        }

        return new string(text);
    }

    private static bool[] ParseBits(string raw)
    {
        var bits = new bool[PayloadBits];
        if (raw.Length == PayloadBits && raw.All(c => c is '0' or '1'))
        {
            for (var i = 0; i < PayloadBits; i++)
            {
                bits[i] = raw[i] == '1';
            }

            return bits;
        }

        if (raw.Length == PayloadBits / 4 && raw.All(char.IsAsciiHexDigit))
        {
            for (var i = 0; i < PayloadBits; i++)
            {
                bits[i] = ((Convert.ToInt32(raw[i / 4].ToString(), 16) >> (3 - (i % 4))) & 1) == 1;
            }

            return bits;
        }

        throw new FormatException($"a TrustMark payload is {PayloadBits} binary digits or {PayloadBits / 4} hexadecimal digits");
    }
}
