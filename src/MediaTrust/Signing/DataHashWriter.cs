using System.Formats.Cbor;
using MediaTrust.IO;

namespace MediaTrust.Signing;

/// <summary>
/// Encodes <c>c2pa.hash.data</c> assertions at a fixed size. The first pass writes a placeholder
/// whose exclusion values take the widest CBOR integer form; the second pass writes the real
/// values and grows <c>pad</c> so the assertion, and so the whole store, keeps its size and the
/// store can be patched in place (spec 2.2 §10.4, multiple-pass processing).
/// </summary>
internal static class DataHashWriter
{
    private const string Name = "jumbf manifest";
    private const int PlaceholderPad = 32;

    /// <summary>The placeholder for <paramref name="exclusionCount"/> exclusions and a hash of <paramref name="hashLength"/> bytes.</summary>
    public static byte[] Placeholder(int exclusionCount, int hashLength, string algorithm)
    {
        var widest = Enumerable.Repeat(new ByteRange(long.MaxValue / 2, long.MaxValue / 2), exclusionCount).ToList();
        return Encode(widest, new byte[hashLength], algorithm, PlaceholderPad);
    }

    /// <summary>The final assertion, padded to exactly <paramref name="size"/> bytes.</summary>
    /// <exception cref="InvalidOperationException">No padding reaches that size (a placeholder of another shape was used).</exception>
    public static byte[] Final(IReadOnlyList<ByteRange> exclusions, ReadOnlySpan<byte> hash, string algorithm, int size)
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
        writer.WriteTextString(Name);
        writer.WriteTextString("alg");
        writer.WriteTextString(algorithm);
        writer.WriteTextString("hash");
        writer.WriteByteString(hash);
        writer.WriteTextString("pad");
        writer.WriteByteString(new byte[pad]);
        writer.WriteEndMap();
        return writer.Encode();
    }
}
