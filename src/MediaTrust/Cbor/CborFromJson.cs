using System.Formats.Cbor;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MediaTrust.Cbor;

/// <summary>
/// Encodes JSON (an assertion's <c>data</c> in a manifest definition) as CBOR for a CBOR assertion.
/// Maps are written in RFC 8949 §4.2.1 deterministic order, as spec 2.2 §10.1 asks of claims and as
/// generators conventionally do for assertions.
/// </summary>
internal static class CborFromJson
{
    /// <summary>Deeper JSON than this is refused: no stack overflow on hostile definitions.</summary>
    public const int MaxDepth = 64;

    public static byte[] Encode(JsonNode? node)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        Write(writer, node, 0);
        return writer.Encode();
    }

    public static void Write(CborWriter writer, JsonNode? node, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"the JSON is nested more than {MaxDepth} levels deep");
        }

        switch (node)
        {
            case null:
                writer.WriteNull();
                break;
            case JsonObject obj:
                writer.WriteStartMap(obj.Count);
                foreach (var (key, value) in obj)
                {
                    writer.WriteTextString(key);
                    Write(writer, value, depth + 1);
                }

                writer.WriteEndMap();
                break;
            case JsonArray array:
                writer.WriteStartArray(array.Count);
                foreach (var item in array)
                {
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value:
                WriteValue(writer, value);
                break;
        }
    }

    private static void WriteValue(CborWriter writer, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                writer.WriteTextString(value.GetValue<string>());
                break;
            case JsonValueKind.True:
                writer.WriteBoolean(true);
                break;
            case JsonValueKind.False:
                writer.WriteBoolean(false);
                break;
            case JsonValueKind.Number when value.TryGetValue<long>(out var integer):
                writer.WriteInt64(integer);
                break;
            case JsonValueKind.Number when value.TryGetValue<ulong>(out var unsigned):
                writer.WriteUInt64(unsigned);
                break;
            case JsonValueKind.Number:
                var number = value.GetValue<double>();
                if (Math.Floor(number) == number && Math.Abs(number) < 9e15)
                {
                    writer.WriteInt64((long)number);
                }
                else
                {
                    writer.WriteDouble(number);
                }

                break;
            default:
                writer.WriteNull();
                break;
        }
    }
}
