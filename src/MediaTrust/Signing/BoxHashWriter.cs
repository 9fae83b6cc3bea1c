using System.Formats.Cbor;
using System.Security.Cryptography;
using MediaTrust.Bindings;
using MediaTrust.Formats;
using MediaTrust.Spec;

namespace MediaTrust.Signing;

/// <summary>
/// Encodes <c>c2pa.hash.boxes</c> assertions (spec 2.2 §18.7, CDDL <c>box-map</c>) as c2pa-rs writes them for fonts:
/// one entry per box, the manifest's own box <c>C2PA</c> with the one-byte placeholder hash 0x00 (it cannot hash
/// itself). The size depends only on the names, so a placeholder with zero hashes has the final size.
/// </summary>
internal static class BoxHashWriter
{
    public const string Label = BoxHashAssertion.Label;

    /// <summary>The assertion with all-zero hashes for boxes named <paramref name="names"/>.</summary>
    public static byte[] Placeholder(IReadOnlyList<string> names, int hashLength, string algorithm) =>
        Encode(names, name => name == C2paBoxes.BoxHashStoreName ? [0] : new byte[hashLength], algorithm);

    /// <summary>The assertion over <paramref name="boxes"/> of <paramref name="asset"/>, each hashed on its own.</summary>
    public static byte[] Final(Stream asset, IReadOnlyList<AssetBox> boxes, string algorithm, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        var hashes = new byte[boxes.Count][];
        var names = new string[boxes.Count];
        for (var i = 0; i < boxes.Count; i++)
        {
            names[i] = boxes[i].Name;
            hashes[i] = names[i] == C2paBoxes.BoxHashStoreName ? [0] : RangeHasher.HashRange(asset, boxes[i].Range, hashAlgorithm, cancellationToken);
        }

        var index = 0;
        return Encode(names, _ => hashes[index++], algorithm);
    }

    private static byte[] Encode(IReadOnlyList<string> names, Func<string, byte[]> hash, string algorithm)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(2);
        writer.WriteTextString("alg");
        writer.WriteTextString(algorithm);
        writer.WriteTextString("boxes");
        writer.WriteStartArray(names.Count);
        foreach (var name in names)
        {
            writer.WriteStartMap(3);
            writer.WriteTextString("hash");
            writer.WriteByteString(hash(name));
            writer.WriteTextString("pad");
            writer.WriteByteString([]);
            writer.WriteTextString("names");
            writer.WriteStartArray(1);
            writer.WriteTextString(name);
            writer.WriteEndArray();
            writer.WriteEndMap();
        }

        writer.WriteEndArray();
        writer.WriteEndMap();
        return writer.Encode();
    }
}
