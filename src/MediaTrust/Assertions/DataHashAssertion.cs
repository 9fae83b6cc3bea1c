using System.Formats.Cbor;
using MediaTrust.Cbor;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Assertions;

/// <summary>
/// A <c>c2pa.hash.data</c> assertion (spec 2.2 §18.5, CDDL <c>data-hash-map</c>): a hash over every
/// byte of the asset except the exclusion ranges.
/// </summary>
internal sealed record DataHashAssertion
{
    public const string Label = AssertionLabels.DataHash;

    /// <summary>Exclusions as written (start and length may be negative in a hostile file; the validator checks).</summary>
    public IReadOnlyList<(long Start, long Length)> Exclusions { get; init; } = [];

    public string? Algorithm { get; init; }

    public byte[]? Hash { get; init; }

    public string? Name { get; init; }

    /// <summary>Decodes the assertion's CBOR content; throws <see cref="MalformedContentException"/> with <c>assertion.cbor.invalid</c>.</summary>
    public static DataHashAssertion Read(ReadOnlyMemory<byte> cbor) =>
        CborFields.Decode(Label, ValidationStatusCodes.AssertionCborInvalid, () =>
        {
            var reader = CborFields.Open(cbor);
            var exclusions = new List<(long, long)>();
            string? alg = null, name = null;
            byte[]? hash = null;
            CborFields.ReadMap(reader, Label, ValidationStatusCodes.AssertionCborInvalid, field =>
            {
                switch (field)
                {
                    case "exclusions":
                        CborFields.ReadArray(reader, "exclusions", ValidationStatusCodes.AssertionCborInvalid,
                            () => exclusions.Add(ReadExclusion(reader)));
                        break;
                    case "alg":
                        alg = CborFields.Text(reader);
                        break;
                    case "hash":
                        hash = CborFields.Bytes(reader);
                        break;
                    case "name":
                        name = CborFields.Text(reader);
                        break;
                    default:
                        reader.SkipValue();
                        break;
                }
            });
            return new DataHashAssertion { Exclusions = exclusions, Algorithm = alg, Hash = hash, Name = name };
        });

    // Writing (§10.4, multiple-pass processing): the first pass writes a placeholder whose exclusion values take the
    // widest CBOR integer form; the second writes the real values and grows `pad` so the assertion, and so the
    // whole store, keeps its size and the store can be patched in place.

    /// <summary>The <c>name</c> this library writes.</summary>
    private const string WrittenName = "jumbf manifest";
    private const int PlaceholderPad = 32;

    /// <summary>The placeholder for <paramref name="exclusionCount"/> exclusions and a hash of <paramref name="hashLength"/> bytes.</summary>
    public static byte[] WritePlaceholder(int exclusionCount, int hashLength, string algorithm)
    {
        var widest = Enumerable.Repeat(new ByteRange(long.MaxValue / 2, long.MaxValue / 2), exclusionCount).ToList();
        return Encode(widest, new byte[hashLength], algorithm, PlaceholderPad);
    }

    /// <summary>The final assertion, padded to exactly <paramref name="size"/> bytes.</summary>
    /// <exception cref="InvalidOperationException">No padding reaches that size (a placeholder of another shape was used).</exception>
    public static byte[] Write(IReadOnlyList<ByteRange> exclusions, ReadOnlySpan<byte> hash, string algorithm, int size)
    {
        var bare = Encode(exclusions, hash, algorithm, 0);
        // The pad's own CBOR head grows from 1 to 2 to 3 bytes as it lengthens; try the few candidates.
        for (var pad = Math.Max(0, size - bare.Length - 3); pad <= size - bare.Length; pad++)
        {
            var encoded = Encode(exclusions, hash, algorithm, pad);
            if (encoded.Length == size)
            {
                return encoded;
            }
        }

        throw new InvalidOperationException($"a data hash of {bare.Length} bytes cannot be padded to {size} bytes");
    }

    private static byte[] Encode(IReadOnlyList<ByteRange> exclusions, ReadOnlySpan<byte> hash, string algorithm, int pad)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(5);
        writer.WriteTextString("exclusions");
        writer.WriteStartArray(exclusions.Count);
        foreach (var exclusion in exclusions)
        {
            writer.WriteStartMap(2);
            writer.WriteTextString("start");
            writer.WriteInt64(exclusion.Start);
            writer.WriteTextString("length");
            writer.WriteInt64(exclusion.Length);
            writer.WriteEndMap();
        }

        writer.WriteEndArray();
        writer.WriteTextString("name");
        writer.WriteTextString(WrittenName);
        writer.WriteTextString("alg");
        writer.WriteTextString(algorithm);
        writer.WriteTextString("hash");
        writer.WriteByteString(hash);
        writer.WriteTextString("pad");
        writer.WriteByteString(new byte[pad]);
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static (long Start, long Length) ReadExclusion(CborReader reader)
    {
        long? start = null, length = null;
        CborFields.ReadMap(reader, "exclusion", ValidationStatusCodes.AssertionCborInvalid, field =>
        {
            switch (field)
            {
                case "start":
                    start = CborFields.Optional(reader, r => r.ReadInt64()) ?? start;
                    break;
                case "length":
                    length = CborFields.Optional(reader, r => r.ReadInt64()) ?? length;
                    break;
                default:
                    reader.SkipValue();
                    break;
            }
        });
        if (start is null || length is null)
        {
            throw new MalformedContentException("an exclusion range lacks start or length", ValidationStatusCodes.AssertionDataHashMalformed);
        }

        return (start.Value, length.Value);
    }
}
