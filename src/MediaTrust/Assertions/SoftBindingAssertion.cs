using System.Formats.Cbor;
using MediaTrust.Cbor;
using MediaTrust.Spec;

namespace MediaTrust.Assertions;

/// <summary>
/// A <c>c2pa.soft-binding</c> assertion (spec 2.4 §18.10, CDDL <c>soft-binding-map</c>): a fingerprint or watermark
/// value per block of the content, computed with the algorithm <see cref="Algorithm"/> (or the claim's
/// <c>alg_soft</c> when absent). The deprecated <c>url</c> and <c>scope.extent</c> fields are skipped on read
/// (§18.10.1); they still count for the assertion's hash, which covers the raw bytes, never this record.
/// </summary>
/// <param name="Algorithm">The <c>alg</c> field; null when absent (then the claim's <c>alg_soft</c> applies).</param>
/// <param name="Blocks">The blocks, at least one.</param>
internal sealed record SoftBindingAssertion(string? Algorithm, IReadOnlyList<SoftBindingAssertion.Block> Blocks)
{
    public const string Label = AssertionLabels.SoftBinding;

    /// <summary>A soft binding holds a few blocks (one per image, one per time span of a video); more is an attack.</summary>
    public const int MaxBlocks = 10_000;

    /// <summary>The optional human-readable description of what the binding covers.</summary>
    public string? Name { get; init; }

    /// <summary>The algorithm-specific <c>alg-params</c> byte string.</summary>
    public ReadOnlyMemory<byte>? AlgorithmParameters { get; init; }

    /// <summary>The <c>bindingMetadata</c> map as its encoded CBOR (§18.10.3.1: informational only, never used to validate).</summary>
    public ReadOnlyMemory<byte>? BindingMetadata { get; init; }

    /// <summary>The algorithm in force: <see cref="Algorithm"/>, else the claim's <c>alg_soft</c> (§18.10.2); null when neither is present.</summary>
    public string? EffectiveAlgorithm(string? claimAlgSoft) => Algorithm ?? claimAlgSoft;

    /// <summary>Reads the assertion once (CBOR); later calls return the same record or throw the same error.</summary>
    /// <exception cref="MalformedContentException">Not CBOR (<c>assertion.cbor.invalid</c>) or not a soft-binding-map (<c>mediatrust.softBinding.malformed</c>).</exception>
    public static SoftBindingAssertion Read(Assertion assertion) =>
        assertion.ReadAs(a => a.Kind == AssertionKind.Cbor
            ? Read(a.Data)
            : throw new MalformedContentException($"{a.Label} is not CBOR", ValidationStatusCodes.SoftBindingMalformed));

    /// <summary>Reads a soft-binding-map from its CBOR.</summary>
    /// <exception cref="MalformedContentException">Not CBOR (<c>assertion.cbor.invalid</c>) or not a soft-binding-map (<c>mediatrust.softBinding.malformed</c>).</exception>
    public static SoftBindingAssertion Read(ReadOnlyMemory<byte> cbor)
    {
        var read = CborFields.Decode(Label, ValidationStatusCodes.AssertionCborInvalid, () =>
        {
            var reader = CborFields.Open(cbor);
            if (reader.PeekState() != CborReaderState.StartMap)
            {
                throw Malformed("is not a map");
            }

            string? alg = null, name = null;
            byte[]? parameters = null;
            ReadOnlyMemory<byte>? metadata = null;
            List<Block>? blocks = null;
            CborFields.ReadMap(reader, Label, ValidationStatusCodes.AssertionCborInvalid, field =>
            {
                switch (field)
                {
                    case "alg":
                        alg = ReadText(reader, "alg");
                        break;
                    case "blocks":
                        blocks = ReadBlocks(reader);
                        break;
                    case "name":
                        name = ReadText(reader, "name");
                        break;
                    case "alg-params":
                        parameters = reader.PeekState() == CborReaderState.ByteString ? reader.ReadByteString() : throw Malformed("has alg-params that are not a byte string");
                        break;
                    case "bindingMetadata":
                        metadata = reader.PeekState() == CborReaderState.StartMap ? reader.ReadEncodedValue() : throw Malformed("has bindingMetadata that is not a map");
                        break;
                    default:
                        // pad, pad2, metadata, and the deprecated url (§18.10.1): not needed to use the binding.
                        reader.SkipValue();
                        break;
                }
            });
            if (reader.BytesRemaining != 0)
            {
                throw Malformed("has bytes after its map");
            }

            return (alg, name, parameters, metadata, blocks);
        });

        if (read.blocks is not { Count: > 0 } found)
        {
            throw Malformed("has no blocks; soft-binding-map needs at least one");
        }

        return new SoftBindingAssertion(read.alg, found)
        {
            Name = read.name,
            AlgorithmParameters = read.parameters,
            BindingMetadata = read.metadata,
        };
    }

    /// <summary>
    /// Writes the map with core deterministic encoding (spec 2.4 §10.1; keys in bytewise order). Neither deprecated
    /// field is written (§18.10.1), nor pad: soft bindings are computed before signing and never patched.
    /// </summary>
    public byte[] Write()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        var count = 1 + (Algorithm is null ? 0 : 1) + (Name is null ? 0 : 1) + (AlgorithmParameters is null ? 0 : 1) + (BindingMetadata is null ? 0 : 1);
        writer.WriteStartMap(count);

        // Canonical mode sorts the keys as it encodes them (length first, then bytes), whatever the order here.
        if (Algorithm is not null)
        {
            writer.WriteTextString("alg");
            writer.WriteTextString(Algorithm);
        }

        if (Name is not null)
        {
            writer.WriteTextString("name");
            writer.WriteTextString(Name);
        }

        writer.WriteTextString("blocks");
        writer.WriteStartArray(Blocks.Count);
        foreach (var block in Blocks)
        {
            WriteBlock(writer, block);
        }

        writer.WriteEndArray();
        if (AlgorithmParameters is { } parameters)
        {
            writer.WriteTextString("alg-params");
            writer.WriteByteString(parameters.Span);
        }

        if (BindingMetadata is { } metadata)
        {
            writer.WriteTextString("bindingMetadata");
            writer.WriteEncodedValue(metadata.Span);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    private static void WriteBlock(CborWriter writer, Block block)
    {
        writer.WriteStartMap(2);
        writer.WriteTextString("scope");
        var scope = block.Scope;
        writer.WriteStartMap((scope.Region is null ? 0 : 1) + (scope.Timespan is null ? 0 : 1));
        if (scope.Region is { } region)
        {
            writer.WriteTextString("region");
            writer.WriteEncodedValue(region.Span);
        }

        if (scope.Timespan is { } timespan)
        {
            writer.WriteTextString("timespan");
            writer.WriteStartMap(2);
            writer.WriteTextString("start");
            writer.WriteUInt64(timespan.Start);
            writer.WriteTextString("end");
            writer.WriteUInt64(timespan.End);
            writer.WriteEndMap();
        }

        writer.WriteEndMap();
        writer.WriteTextString("value");
        writer.WriteByteString(block.Value.Span);
        writer.WriteEndMap();
    }

    private static List<Block> ReadBlocks(CborReader reader)
    {
        if (reader.PeekState() != CborReaderState.StartArray)
        {
            throw Malformed("has blocks that are not an array");
        }

        var blocks = new List<Block>();
        CborFields.ReadArray(reader, "blocks", ValidationStatusCodes.AssertionCborInvalid, () =>
        {
            if (blocks.Count == MaxBlocks)
            {
                throw Malformed($"has more than {MaxBlocks} blocks");
            }

            blocks.Add(ReadBlock(reader));
        });
        return blocks;
    }

    private static Block ReadBlock(CborReader reader)
    {
        if (reader.PeekState() != CborReaderState.StartMap)
        {
            throw Malformed("has a block that is not a map");
        }

        Scope? scope = null;
        byte[]? value = null;
        CborFields.ReadMap(reader, "block", ValidationStatusCodes.AssertionCborInvalid, field =>
        {
            switch (field)
            {
                case "scope":
                    scope = ReadScope(reader);
                    break;
                case "value":
                    value = reader.PeekState() == CborReaderState.ByteString ? reader.ReadByteString() : throw Malformed("has a block value that is not a byte string");
                    break;
                default:
                    reader.SkipValue();
                    break;
            }
        });

        // Both fields are required by soft-binding-block-map; an empty scope map means the whole content.
        return scope is not null && value is not null
            ? new Block(scope, value)
            : throw Malformed($"has a block without {(scope is null ? "scope" : "value")}");
    }

    private static Scope ReadScope(CborReader reader)
    {
        if (reader.PeekState() != CborReaderState.StartMap)
        {
            throw Malformed("has a block scope that is not a map");
        }

        ReadOnlyMemory<byte>? region = null;
        Timespan? timespan = null;
        CborFields.ReadMap(reader, "scope", ValidationStatusCodes.AssertionCborInvalid, field =>
        {
            switch (field)
            {
                case "region":
                    // region-map (§18.2) is kept as its CBOR: the repository and the matcher compare whole-content
                    // blocks, and a writer round-trips it unchanged.
                    region = reader.PeekState() == CborReaderState.StartArray ? reader.ReadEncodedValue() : throw Malformed("has a region that is not a region-map array");
                    break;
                case "timespan":
                    timespan = ReadTimespan(reader);
                    break;
                default:
                    // extent: deprecated, ignored by consumers (§18.10.1).
                    reader.SkipValue();
                    break;
            }
        });
        return new Scope(region, timespan);
    }

    private static Timespan ReadTimespan(CborReader reader)
    {
        if (reader.PeekState() != CborReaderState.StartMap)
        {
            throw Malformed("has a timespan that is not a map");
        }

        ulong? start = null, end = null;
        CborFields.ReadMap(reader, "timespan", ValidationStatusCodes.AssertionCborInvalid, field =>
        {
            switch (field)
            {
                case "start":
                    start = reader.PeekState() == CborReaderState.UnsignedInteger ? reader.ReadUInt64() : throw Malformed("has a timespan start that is not a uint");
                    break;
                case "end":
                    end = reader.PeekState() == CborReaderState.UnsignedInteger ? reader.ReadUInt64() : throw Malformed("has a timespan end that is not a uint");
                    break;
                default:
                    reader.SkipValue();
                    break;
            }
        });
        return start is { } s && end is { } e ? new Timespan(s, e) : throw Malformed("has a timespan without start or end");
    }

    private static string ReadText(CborReader reader, string field) =>
        reader.PeekState() == CborReaderState.TextString ? reader.ReadTextString() : throw Malformed($"has a {field} that is not text");

    private static MalformedContentException Malformed(string what) =>
        new($"the soft binding assertion {what} (spec 2.4 §18.10.2)", ValidationStatusCodes.SoftBindingMalformed);

    /// <summary>One soft-binding-block-map: the value computed over the part of the content its scope names.</summary>
    /// <param name="Scope">Which part of the content; both fields null means the whole content.</param>
    /// <param name="Value">The algorithm-specific value.</param>
    internal sealed record Block(Scope Scope, ReadOnlyMemory<byte> Value);

    /// <summary>A soft-binding-scope-map.</summary>
    /// <param name="Region">The region-map (§18.2) as encoded CBOR, or null.</param>
    /// <param name="Timespan">The time span in milliseconds from the start of the media, or null.</param>
    internal sealed record Scope(ReadOnlyMemory<byte>? Region, Timespan? Timespan)
    {
        /// <summary>The scope of a binding computed over the whole content.</summary>
        public static Scope Whole { get; } = new(null, null);

        /// <summary>Whether the binding covers the whole content.</summary>
        public bool IsWhole => Region is null && Timespan is null;
    }

    /// <summary>A soft-binding-timespan-map: milliseconds from the start of the media.</summary>
    internal readonly record struct Timespan(ulong Start, ulong End);
}
