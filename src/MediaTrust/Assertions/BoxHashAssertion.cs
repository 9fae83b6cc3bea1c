using System.Formats.Cbor;
using MediaTrust.Cbor;
using MediaTrust.Spec;

namespace MediaTrust.Assertions;

/// <summary>
/// A <c>c2pa.hash.boxes</c> assertion (spec 2.2 §18.7, CDDL <c>box-map</c>): hashes over the asset's
/// boxes (segments, chunks) in file order, the manifest's own box named <c>C2PA</c>.
/// </summary>
internal sealed record BoxHashAssertion
{
    public const string Label = AssertionLabels.BoxesHash;

    /// <summary>Null when the <c>boxes</c> field is missing (→ <c>assertion.boxesHash.malformed</c>).</summary>
    public IReadOnlyList<BoxHashEntry>? Boxes { get; init; }

    public string? Algorithm { get; init; }

    public static BoxHashAssertion Read(ReadOnlyMemory<byte> cbor) =>
        CborFields.Decode(Label, ValidationStatusCodes.AssertionCborInvalid, () =>
        {
            var reader = CborFields.Open(cbor);
            List<BoxHashEntry>? boxes = null;
            string? alg = null;
            CborFields.ReadMap(reader, Label, ValidationStatusCodes.AssertionCborInvalid, field =>
            {
                switch (field)
                {
                    case "boxes":
                        boxes = CborFields.OptionalList(reader, "boxes", () => ReadEntry(reader));
                        break;
                    case "alg":
                        alg = CborFields.Text(reader);
                        break;
                    default:
                        reader.SkipValue();
                        break;
                }
            });
            return new BoxHashAssertion { Boxes = boxes, Algorithm = alg };
        });

    /// <summary>
    /// The assertion with all-zero hashes for boxes named <paramref name="names"/>: written as c2pa-rs writes it for
    /// fonts, its size depends only on the names, so this placeholder has the final size (§10.4, multiple-pass processing).
    /// </summary>
    public static byte[] WritePlaceholder(IReadOnlyList<string> names, int hashLength, string algorithm) =>
        Write(names, [.. names.Select(name => name == C2paBoxes.BoxHashManifestName ? [0] : new byte[hashLength])], algorithm);

    /// <summary>
    /// The assertion: one entry per box, in order, each with one name and its hash; the manifest's own box
    /// <c>C2PA</c> carries the one-byte placeholder hash 0x00 (it cannot hash itself).
    /// </summary>
    public static byte[] Write(IReadOnlyList<string> names, IReadOnlyList<byte[]> hashes, string algorithm)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(2);
        writer.WriteTextString("alg");
        writer.WriteTextString(algorithm);
        writer.WriteTextString("boxes");
        writer.WriteStartArray(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            writer.WriteStartMap(3);
            writer.WriteTextString("hash");
            writer.WriteByteString(hashes[i]);
            writer.WriteTextString("pad");
            writer.WriteByteString([]);
            writer.WriteTextString("names");
            writer.WriteStartArray(1);
            writer.WriteTextString(names[i]);
            writer.WriteEndArray();
            writer.WriteEndMap();
        }

        writer.WriteEndArray();
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static BoxHashEntry ReadEntry(CborReader reader)
    {
        List<string>? names = null;
        string? alg = null;
        byte[]? hash = null;
        var excluded = false;
        CborFields.ReadMap(reader, "box-hash-map", ValidationStatusCodes.AssertionCborInvalid, field =>
        {
            switch (field)
            {
                case "names":
                    names = CborFields.OptionalList(reader, "names", () => reader.ReadTextString());
                    break;
                case "alg":
                    alg = CborFields.Text(reader);
                    break;
                case "hash":
                    hash = CborFields.Bytes(reader);
                    break;
                case "excluded":
                    excluded = CborFields.Optional(reader, r => r.ReadBoolean()) ?? excluded;
                    break;
                default:
                    reader.SkipValue();
                    break;
            }
        });
        return new BoxHashEntry(names, alg, hash, excluded);
    }
}

/// <summary>One entry of a box hash: a run of consecutive boxes and the hash over their bytes.</summary>
/// <param name="Names">The box names in order; null when missing (→ <c>assertion.boxesHash.malformed</c>).</param>
/// <param name="Algorithm">The entry's own <c>alg</c>, if any.</param>
/// <param name="Hash">The hash from the start of the first box to the end of the last.</param>
/// <param name="Excluded">True when a validator may skip this entry's hash.</param>
internal sealed record BoxHashEntry(IReadOnlyList<string>? Names, string? Algorithm, byte[]? Hash, bool Excluded);
