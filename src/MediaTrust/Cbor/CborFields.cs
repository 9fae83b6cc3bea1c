using System.Formats.Cbor;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Cbor;

/// <summary>Small helpers for decoding the fixed-shape CBOR maps of hard-binding assertions.</summary>
internal static class CborFields
{
    /// <summary>Assertion maps are small; a longer array or map is an attack, not an asset.</summary>
    public const int MaxItems = 100_000;

    public static CborReader Open(ReadOnlyMemory<byte> cbor) => new(cbor, CborConformanceMode.Lax);

    /// <summary>Reads a definite or indefinite map/array count, refusing absurd sizes.</summary>
    public static int? Count(int? count, string statusCode, string what)
    {
        if (count is > MaxItems)
        {
            throw new MalformedContentException($"{what} has {count} entries; at most {MaxItems} are accepted", statusCode);
        }

        return count;
    }

    /// <summary>Runs <paramref name="decode"/>, turning CBOR errors into <see cref="MalformedContentException"/> with <paramref name="statusCode"/>.</summary>
    public static T Decode<T>(string what, string statusCode, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception e) when (CborErrors.IsMalformed(e))
        {
            throw new MalformedContentException($"{what} is not valid CBOR: {e.Message}", statusCode, innerException: e);
        }
    }

    /// <summary>Reads integer-or-text map entries until the map ends, calling <paramref name="onField"/> for each text key.</summary>
    public static void ReadMap(CborReader reader, string what, string statusCode, Action<string> onField)
    {
        Count(reader.ReadStartMap(), statusCode, what);
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            if (reader.PeekState() != CborReaderState.TextString)
            {
                reader.SkipValue();
                reader.SkipValue();
                continue;
            }

            onField(reader.ReadTextString());
        }

        reader.ReadEndMap();
    }

    /// <summary>
    /// Reads an optional field's value, or null when it is CBOR null (serde-based writers such as
    /// c2pa-rs write absent optional fields as null).
    /// </summary>
    public static T? Optional<T>(CborReader reader, Func<CborReader, T> read)
        where T : struct
    {
        if (reader.PeekState() == CborReaderState.Null)
        {
            reader.ReadNull();
            return null;
        }

        return read(reader);
    }

    /// <summary>An optional array field: null when absent or CBOR null, else its items as <paramref name="readItem"/> reads them.</summary>
    public static List<T>? OptionalList<T>(CborReader reader, string what, Func<T> readItem)
    {
        if (SkipNull(reader))
        {
            return null;
        }

        var items = new List<T>();
        ReadArray(reader, what, ValidationStatusCodes.AssertionCborInvalid, () => items.Add(readItem()));
        return items;
    }

    /// <summary>An optional text field (null when CBOR null).</summary>
    public static string? Text(CborReader reader) => OptionalRef(reader, r => r.ReadTextString());

    /// <summary>An optional byte-string field (null when CBOR null).</summary>
    public static byte[]? Bytes(CborReader reader) => OptionalRef(reader, r => r.ReadByteString());

    /// <summary>Consumes a CBOR null and returns true; leaves any other item in place and returns false.</summary>
    public static bool SkipNull(CborReader reader)
    {
        if (reader.PeekState() != CborReaderState.Null)
        {
            return false;
        }

        reader.ReadNull();
        return true;
    }

    /// <summary>Like <see cref="Optional{T}"/> for reference types (text, byte strings).</summary>
    public static T? OptionalRef<T>(CborReader reader, Func<CborReader, T> read)
        where T : class
    {
        if (reader.PeekState() == CborReaderState.Null)
        {
            reader.ReadNull();
            return null;
        }

        return read(reader);
    }

    /// <summary>Reads an array whose items <paramref name="onItem"/> consumes; a CBOR null reads as no items.</summary>
    public static void ReadArray(CborReader reader, string what, string statusCode, Action onItem)
    {
        if (reader.PeekState() == CborReaderState.Null)
        {
            reader.ReadNull();
            return;
        }

        Count(reader.ReadStartArray(), statusCode, what);
        var items = 0;
        while (reader.PeekState() != CborReaderState.EndArray)
        {
            if (++items > MaxItems)
            {
                throw new MalformedContentException($"{what} has more than {MaxItems} entries", statusCode);
            }

            onItem();
        }

        reader.ReadEndArray();
    }
}
