using System.Formats.Cbor;
using MediaTrust.Cbor;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Assertions;

/// <summary>
/// A <c>c2pa.hash.bmff.v2</c> or <c>.v3</c> assertion (spec 2.2 §18.6, CDDL <c>bmff-hash-map</c>):
/// a hash over an ISO BMFF file's boxes, except those the exclusions name, optionally with Merkle
/// trees over <c>mdat</c> payloads.
/// </summary>
internal sealed record BmffHashAssertion
{
    /// <summary>Null when the <c>exclusions</c> field is missing (→ <c>assertion.bmffHash.malformed</c>).</summary>
    public IReadOnlyList<BmffExclusion>? Exclusions { get; init; }

    public string? Algorithm { get; init; }

    public byte[]? Hash { get; init; }

    public IReadOnlyList<BmffMerkleMap> Merkle { get; init; } = [];

    public static BmffHashAssertion Read(ReadOnlyMemory<byte> cbor) =>
        CborFields.Decode(AssertionLabels.BmffHashV1, ValidationStatusCodes.AssertionCborInvalid, () =>
        {
            var reader = CborFields.Open(cbor);
            List<BmffExclusion>? exclusions = null;
            IReadOnlyList<BmffMerkleMap> merkle = [];
            string? alg = null;
            byte[]? hash = null;
            CborFields.ReadMap(reader, AssertionLabels.BmffHashV1, ValidationStatusCodes.AssertionCborInvalid, field =>
            {
                switch (field)
                {
                    case "exclusions":
                        exclusions = CborFields.OptionalList(reader, "exclusions", () => ReadExclusion(reader));
                        break;
                    case "merkle":
                        merkle = CborFields.OptionalList(reader, "merkle", () => ReadMerkle(reader)) ?? [];
                        break;
                    case "alg":
                        alg = CborFields.Text(reader);
                        break;
                    case "hash":
                        hash = CborFields.Bytes(reader);
                        break;
                    default:
                        reader.SkipValue();
                        break;
                }
            });
            return new BmffHashAssertion { Exclusions = exclusions, Algorithm = alg, Hash = hash, Merkle = merkle };
        });

    /// <summary>The <c>name</c> this library writes.</summary>
    private const string WrittenName = "jumbf manifest";

    /// <summary>
    /// A <c>c2pa.hash.bmff.v3</c> assertion as c2pa-rs writes it (§18.6): a flat hash over every root box, offsets
    /// included (§18.6.2, v3), apart from <paramref name="exclusions"/> (which give only an xpath and, optionally, data).
    /// The hash has a fixed length, so the placeholder of the first pass (zeros) and the final assertion have the same size.
    /// </summary>
    public static byte[] WriteV3(IReadOnlyList<BmffExclusion> exclusions, ReadOnlySpan<byte> hash, string algorithm)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(4);
        writer.WriteTextString("exclusions");
        writer.WriteStartArray(exclusions.Count);
        foreach (var exclusion in exclusions)
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
        writer.WriteTextString(WrittenName);
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static BmffExclusion ReadExclusion(CborReader reader)
    {
        string? xpath = null;
        long? length = null;
        int? version = null;
        byte[]? flags = null;
        var exact = true;
        IReadOnlyList<(long Offset, byte[] Value)> data = [];
        List<(long Offset, long Length)>? subset = null;
        CborFields.ReadMap(reader, "exclusion", ValidationStatusCodes.AssertionCborInvalid, field =>
        {
            switch (field)
            {
                case "xpath":
                    xpath = CborFields.Text(reader);
                    break;
                case "length":
                    length = CborFields.Optional(reader, r => r.ReadInt64()) ?? length;
                    break;
                case "version":
                    version = CborFields.Optional(reader, r => r.ReadInt32()) ?? version;
                    break;
                case "flags":
                    flags = CborFields.Bytes(reader);
                    break;
                case "exact":
                    exact = CborFields.Optional(reader, r => r.ReadBoolean()) ?? exact;
                    break;
                case "data":
                    data = CborFields.OptionalList(reader, "data", () => ReadData(reader)) ?? [];
                    break;
                case "subset":
                    subset = CborFields.OptionalList(reader, "subset", () => ReadSubset(reader));
                    break;
                default:
                    reader.SkipValue();
                    break;
            }
        });
        if (xpath is null)
        {
            throw new MalformedContentException("a BMFF exclusion has no xpath", ValidationStatusCodes.AssertionBmffHashMalformed);
        }

        return new BmffExclusion(xpath, length, version, flags, exact, data, subset);
    }

    /// <summary>A <c>data-map</c>: bytes that must be found at an offset of the box.</summary>
    private static (long Offset, byte[] Value) ReadData(CborReader reader)
    {
        long offset = 0;
        byte[] value = [];
        CborFields.ReadMap(reader, "data-map", ValidationStatusCodes.AssertionCborInvalid, key =>
        {
            switch (key)
            {
                case "offset": offset = CborFields.Optional(reader, r => r.ReadInt64()) ?? offset; break;
                case "value": value = CborFields.Bytes(reader) ?? []; break;
                default: reader.SkipValue(); break;
            }
        });
        return (offset, value);
    }

    /// <summary>A <c>subset-map</c>: a part of the box, relative to its start; length 0 means to its end.</summary>
    private static (long Offset, long Length) ReadSubset(CborReader reader)
    {
        long offset = 0, length = 0;
        CborFields.ReadMap(reader, "subset-map", ValidationStatusCodes.AssertionCborInvalid, key =>
        {
            switch (key)
            {
                case "offset": offset = CborFields.Optional(reader, r => r.ReadInt64()) ?? offset; break;
                case "length": length = CborFields.Optional(reader, r => r.ReadInt64()) ?? length; break;
                default: reader.SkipValue(); break;
            }
        });
        return (offset, length);
    }

    private static BmffMerkleMap ReadMerkle(CborReader reader)
    {
        long uniqueId = 0, localId = 0, count = 0;
        long? fixedBlockSize = null;
        List<long>? variable = null;
        string? alg = null;
        byte[]? initHash = null;
        IReadOnlyList<byte[]> hashes = [];
        CborFields.ReadMap(reader, "merkle-map", ValidationStatusCodes.AssertionCborInvalid, field =>
        {
            switch (field)
            {
                case "uniqueId": uniqueId = CborFields.Optional(reader, r => r.ReadInt64()) ?? uniqueId; break;
                case "localId": localId = CborFields.Optional(reader, r => r.ReadInt64()) ?? localId; break;
                case "count": count = CborFields.Optional(reader, r => r.ReadInt64()) ?? count; break;
                case "alg": alg = CborFields.Text(reader); break;
                case "initHash": initHash = CborFields.Bytes(reader); break;
                case "fixedBlockSize": fixedBlockSize = CborFields.Optional(reader, r => r.ReadInt64()) ?? fixedBlockSize; break;
                case "variableBlockSizes":
                    variable = CborFields.OptionalList(reader, "variableBlockSizes", () => reader.ReadInt64());
                    break;
                case "hashes":
                    hashes = CborFields.OptionalList(reader, "hashes", () => reader.ReadByteString()) ?? [];
                    break;
                default:
                    reader.SkipValue();
                    break;
            }
        });
        return new BmffMerkleMap(uniqueId, localId, count, alg, initHash, hashes, fixedBlockSize, variable);
    }
}

/// <summary>One exclusion of a BMFF hash: which boxes (xpath plus conditions) and which part of them (spec 2.2 §18.6.2).</summary>
internal sealed record BmffExclusion(string XPath, long? Length, int? Version, byte[]? Flags, bool Exact,
    IReadOnlyList<(long Offset, byte[] Value)> Data, IReadOnlyList<(long Offset, long Length)>? Subset);

/// <summary>A Merkle tree row over an <c>mdat</c> payload (spec 2.2 §18.6, CDDL <c>merkle-map</c>).</summary>
internal sealed record BmffMerkleMap(long UniqueId, long LocalId, long Count, string? Algorithm, byte[]? InitHash,
    IReadOnlyList<byte[]> Hashes, long? FixedBlockSize, IReadOnlyList<long>? VariableBlockSizes);
