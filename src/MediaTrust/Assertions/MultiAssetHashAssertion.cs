using System.Formats.Cbor;
using MediaTrust.Cbor;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Assertions;

/// <summary>One part of a multi-asset hash: where it is (a byte range or a BMFF box) and the hash assertion that binds it.</summary>
/// <param name="ByteOffset">Start of the part in the asset (byte-range locator).</param>
/// <param name="Length">Length of the part (byte-range locator).</param>
/// <param name="BmffBox">The BMFF box holding the part (box locator).</param>
/// <param name="HashAssertionUrl">The JUMBF URI of the part's hash assertion (<c>c2pa.hash.*.part</c>).</param>
/// <param name="HashAssertionHash">The hash of that assertion, when the reference is a hashed URI.</param>
/// <param name="HashAssertionAlgorithm">The hashed URI's own <c>alg</c>, when present.</param>
/// <param name="Optional">Whether the part may have been removed (§18.9.2).</param>
internal sealed record MultiAssetPart(long? ByteOffset, long? Length, string? BmffBox, string? HashAssertionUrl, byte[]? HashAssertionHash,
    string? HashAssertionAlgorithm, bool Optional);

/// <summary>
/// A <c>c2pa.hash.multi-asset</c> assertion (spec 2.2 §18.9, CDDL <c>multi-asset-hash-map</c>): the parts of an
/// asset made of several files (MPF, Ultra HDR gain maps, motion photos), each bound by its own hash assertion.
/// It is not a hard binding; it is consulted when the hard binding fails (§15.12.4).
/// </summary>
internal sealed record MultiAssetHashAssertion(IReadOnlyList<MultiAssetPart> Parts)
{
    public const string Label = AssertionLabels.MultiAssetHash;

    private const string Malformed = ValidationStatusCodes.AssertionMultiAssetHashMalformed;

    /// <summary>Decodes the CBOR content; throws <see cref="MalformedContentException"/> with <c>assertion.multiAssetHash.malformed</c>.</summary>
    public static MultiAssetHashAssertion Read(ReadOnlyMemory<byte> cbor) =>
        CborFields.Decode(Label, Malformed, () =>
        {
            var reader = CborFields.Open(cbor);
            var parts = new List<MultiAssetPart>();
            CborFields.ReadMap(reader, Label, Malformed, field =>
            {
                if (field == "parts")
                {
                    CborFields.ReadArray(reader, "parts", Malformed, () => parts.Add(ReadPart(reader)));
                }
                else
                {
                    reader.SkipValue();
                }
            });
            return new MultiAssetHashAssertion(parts);
        });

    private static MultiAssetPart ReadPart(CborReader reader)
    {
        long? offset = null, length = null;
        string? box = null, url = null, algorithm = null;
        byte[]? hash = null;
        var optional = false;
        CborFields.ReadMap(reader, "part", Malformed, field =>
        {
            switch (field)
            {
                case "location":
                    CborFields.ReadMap(reader, "location", Malformed, locator =>
                    {
                        switch (locator)
                        {
                            case "byteOffset":
                                offset = reader.ReadInt64();
                                break;
                            case "length":
                                length = reader.ReadInt64();
                                break;
                            case "bmffBox":
                                box = reader.ReadTextString();
                                break;
                            default:
                                reader.SkipValue();
                                break;
                        }
                    });
                    break;
                case "hashAssertion" when reader.PeekState() == CborReaderState.TextString:
                    // §18.9.3's example writes a bare URI; the CDDL asks for a hashed URI. Both name the assertion.
                    url = reader.ReadTextString();
                    break;
                case "hashAssertion":
                    CborFields.ReadMap(reader, "hashAssertion", Malformed, key =>
                    {
                        switch (key)
                        {
                            case "url":
                                url = reader.ReadTextString();
                                break;
                            case "hash":
                                hash = reader.ReadByteString();
                                break;
                            case "alg":
                                algorithm = CborFields.Text(reader);
                                break;
                            default:
                                reader.SkipValue();
                                break;
                        }
                    });
                    break;
                case "optional":
                    optional = reader.ReadBoolean();
                    break;
                default:
                    reader.SkipValue();
                    break;
            }
        });
        return new MultiAssetPart(offset, length, box, url, hash, algorithm, optional);
    }
}
