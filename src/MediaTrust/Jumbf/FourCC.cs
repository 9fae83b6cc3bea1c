using System.Buffers.Binary;

namespace MediaTrust.Jumbf;

/// <summary>Four-character codes as big-endian 32-bit values.</summary>
internal static class FourCC
{
    public static uint From(ReadOnlySpan<char> text)
    {
        if (text.Length != 4)
        {
            throw new ArgumentException("A four-character code has four characters.", nameof(text));
        }

        return ((uint)(byte)text[0] << 24) | ((uint)(byte)text[1] << 16) | ((uint)(byte)text[2] << 8) | (byte)text[3];
    }

    public static string ToString(uint code)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            var b = (byte)(code >> (24 - (8 * i)));
            chars[i] = b is >= 0x20 and < 0x7F ? (char)b : '?';
        }

        return new string(chars);
    }

    public static uint Read(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt32BigEndian(bytes);
}
