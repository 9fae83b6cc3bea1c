using System.Formats.Cbor;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Cbor;

/// <summary>
/// Decodes CBOR into a JSON tree, bounded in depth. Byte strings become <see cref="JsonValue"/>s holding
/// a <c>byte[]</c> (written as base64, read back with <c>GetValue&lt;byte[]&gt;()</c>); tags are dropped
/// (their content kept); non-text map keys are written as text. CBOR that lies about its lengths,
/// is truncated or nests too deeply gives a <see cref="MalformedContentException"/>.
/// </summary>
internal static class CborJson
{
    /// <summary>Deepest nesting of arrays and maps accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Decodes one CBOR data item spanning all of <paramref name="cbor"/>.</summary>
    /// <param name="cbor">The encoded item.</param>
    /// <param name="statusCode">The status code reported when the bytes are not valid CBOR (e.g. <c>claim.cbor.invalid</c>).</param>
    /// <param name="location">Where the bytes come from, for error messages.</param>
    /// <param name="offset">Offset of the first byte in the asset or store, for error messages.</param>
    public static JsonNode? Decode(ReadOnlyMemory<byte> cbor, string statusCode = ValidationStatusCodes.GeneralError, string? location = null, long offset = 0)
    {
        var reader = new CborReader(cbor, CborConformanceMode.Lax);
        try
        {
            var node = ReadItem(reader, 0, location, offset, cbor.Length);
            if (reader.BytesRemaining != 0)
            {
                throw new MalformedContentException(
                    $"{reader.BytesRemaining} bytes follow the CBOR data item", statusCode, offset + cbor.Length - reader.BytesRemaining, location);
            }

            return node;
        }
        catch (MalformedContentException e) when (e.StatusCode != statusCode)
        {
            throw new MalformedContentException(e.Reason, statusCode, e.Offset, e.Location, e);
        }
        catch (Exception e) when (CborErrors.IsMalformed(e) || e is ArgumentException)
        {
            throw new MalformedContentException(
                $"invalid CBOR: {e.Message}", statusCode, offset + cbor.Length - reader.BytesRemaining, location, e);
        }
    }

    private static JsonNode? ReadItem(CborReader reader, int depth, string? location, long offset, int total)
    {
        if (depth > MaxDepth)
        {
            throw new MalformedContentException(
                $"CBOR nested deeper than {MaxDepth} levels", ValidationStatusCodes.GeneralError, offset + total - reader.BytesRemaining, location);
        }

        switch (reader.PeekState())
        {
            case CborReaderState.UnsignedInteger:
                var unsigned = reader.ReadUInt64();
                return unsigned <= long.MaxValue ? JsonValue.Create((long)unsigned) : JsonValue.Create(unsigned);
            case CborReaderState.NegativeInteger:
                var raw = reader.ReadCborNegativeIntegerRepresentation();
                return raw < long.MaxValue
                    ? JsonValue.Create(-1L - (long)raw)
                    : JsonValue.Create(decimal.MinusOne - raw);
            case CborReaderState.ByteString:
                return JsonValue.Create(reader.ReadByteString(), CborJsonContext.Default.ByteArray);
            case CborReaderState.StartIndefiniteLengthByteString:
                return JsonValue.Create(reader.ReadByteString(), CborJsonContext.Default.ByteArray);
            case CborReaderState.TextString:
            case CborReaderState.StartIndefiniteLengthTextString:
                return JsonValue.Create(reader.ReadTextString());
            case CborReaderState.StartArray:
                reader.ReadStartArray();
                var array = new JsonArray();
                while (reader.PeekState() != CborReaderState.EndArray)
                {
                    array.Add(ReadItem(reader, depth + 1, location, offset, total));
                }

                reader.ReadEndArray();
                return array;
            case CborReaderState.StartMap:
                reader.ReadStartMap();
                var map = new JsonObject();
                while (reader.PeekState() != CborReaderState.EndMap)
                {
                    var key = ReadKey(reader, location, offset, total);
                    var value = ReadItem(reader, depth + 1, location, offset, total);
                    map[key] = value;
                }

                reader.ReadEndMap();
                return map;
            case CborReaderState.Tag:
                reader.ReadTag();
                return ReadItem(reader, depth + 1, location, offset, total);
            case CborReaderState.Boolean:
                return JsonValue.Create(reader.ReadBoolean());
            case CborReaderState.Null:
                reader.ReadNull();
                return null;
            case CborReaderState.SimpleValue:
                var simple = reader.ReadSimpleValue();
                return simple == CborSimpleValue.Undefined ? null : JsonValue.Create((int)simple);
            case CborReaderState.HalfPrecisionFloat:
            case CborReaderState.SinglePrecisionFloat:
            case CborReaderState.DoublePrecisionFloat:
                var number = reader.ReadDouble();
                return double.IsFinite(number) ? JsonValue.Create(number) : null;
            default:
                throw new MalformedContentException(
                    $"unexpected CBOR item {reader.PeekState()}", ValidationStatusCodes.GeneralError, offset + total - reader.BytesRemaining, location);
        }
    }

    private static string ReadKey(CborReader reader, string? location, long offset, int total)
    {
        switch (reader.PeekState())
        {
            case CborReaderState.TextString:
            case CborReaderState.StartIndefiniteLengthTextString:
                return reader.ReadTextString();
            case CborReaderState.UnsignedInteger:
            case CborReaderState.NegativeInteger:
                return reader.ReadInt64().ToString(CultureInfo.InvariantCulture);
            default:
                var node = ReadItem(reader, MaxDepth, location, offset, total);
                return node?.ToJsonString() ?? "null";
        }
    }
}

/// <summary>
/// Source-generated metadata for the byte strings <see cref="CborJson"/> puts in a tree: the <c>JsonTypeInfo</c> overload of
/// <see cref="JsonValue.Create{T}(T, System.Text.Json.Serialization.Metadata.JsonTypeInfo{T}, JsonNodeOptions?)"/> needs no
/// reflection, so decoding works in a trimmed or Native AOT build (docs/cli.md, "Native executable").
/// </summary>
[JsonSerializable(typeof(byte[]))]
internal sealed partial class CborJsonContext : JsonSerializerContext;
