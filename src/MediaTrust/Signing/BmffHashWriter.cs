using System.Formats.Cbor;
using System.Security.Cryptography;
using MediaTrust.Assertions;
using MediaTrust.Bindings;
using MediaTrust.Formats.Bmff;
using MediaTrust.Spec;

namespace MediaTrust.Signing;

/// <summary>
/// Encodes <c>c2pa.hash.bmff.v3</c> assertions (spec 2.2 §18.6) as c2pa-rs writes them: a flat
/// hash over every root box, offsets included (§18.6.2, v3), with the C2PA <c>uuid</c> boxes, the
/// <c>ftyp</c> box and any <c>mfra</c> box excluded. The hash has a fixed length, so the
/// placeholder of the first pass and the final assertion have the same size.
/// </summary>
internal static class BmffHashWriter
{
    public const string Label = AssertionLabels.BmffHashV3;
    private const string Name = "jumbf manifest";

    /// <summary>
    /// The exclusions: every C2PA <c>uuid</c> box (recognised by its extended type at offset 8),
    /// <c>ftyp</c> (its brands may change on embedding) and <c>mfra</c> (its offsets into fragments move).
    /// </summary>
    public static IReadOnlyList<BmffExclusion> Exclusions { get; } =
    [
        new("/uuid", null, null, null, false, [(8, C2paBoxes.BmffUuid.ToArray())], null),
        new("/ftyp", null, null, null, false, [], null),
        new("/mfra", null, null, null, false, [], null),
    ];

    /// <summary>The hash of <paramref name="asset"/>, as <see cref="BmffHashValidator"/> will check it.</summary>
    public static byte[] Hash(Stream asset, CancellationToken cancellationToken) =>
        BmffHashValidator.ComputeHash(Exclusions, asset, HashAlgorithmName.SHA256, cancellationToken);

    /// <summary>The assertion for <paramref name="hash"/> (zeros for the placeholder).</summary>
    public static byte[] Encode(ReadOnlySpan<byte> hash, string algorithm)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(4);
        writer.WriteTextString("exclusions");
        writer.WriteStartArray(Exclusions.Count);
        foreach (var exclusion in Exclusions)
        {
            writer.WriteStartMap(exclusion.Data.Count > 0 ? 2 : 1);
            writer.WriteTextString("xpath");
            writer.WriteTextString(exclusion.XPath);
            if (exclusion.Data.Count > 0)
            {
                writer.WriteTextString("data");
                writer.WriteStartArray(exclusion.Data.Count);
                foreach (var (offset, value) in exclusion.Data)
                {
                    writer.WriteStartMap(2);
                    writer.WriteTextString("offset");
                    writer.WriteInt64(offset);
                    writer.WriteTextString("value");
                    writer.WriteByteString(value);
                    writer.WriteEndMap();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndMap();
        }

        writer.WriteEndArray();
        writer.WriteTextString("alg");
        writer.WriteTextString(algorithm);
        writer.WriteTextString("hash");
        writer.WriteByteString(hash);
        writer.WriteTextString("name");
        writer.WriteTextString(Name);
        writer.WriteEndMap();
        return writer.Encode();
    }
}
