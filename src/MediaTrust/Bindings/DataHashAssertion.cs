using System.Formats.Cbor;
using MediaTrust.Assertions;
using MediaTrust.Cbor;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Bindings;

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
    public static DataHashAssertion Decode(ReadOnlyMemory<byte> cbor) =>
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
