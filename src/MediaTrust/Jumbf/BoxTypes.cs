using MediaTrust.Spec;

namespace MediaTrust.Jumbf;

/// <summary>Generic JUMBF box types (TBox) of ISO/IEC 19566-5; the C2PA ones are in <c>Spec/C2paBoxes.cs</c>.</summary>
internal static class BoxTypes
{
    public static readonly uint SuperBox = FourCC.From("jumb");
    public static readonly uint Description = FourCC.From("jumd");
    public static readonly uint Cbor = FourCC.From("cbor");
    public static readonly uint Json = FourCC.From("json");
    public static readonly uint Uuid = FourCC.From("uuid");
    public static readonly uint EmbeddedFileDescription = FourCC.From("bfdb");
    public static readonly uint EmbeddedFileData = FourCC.From("bidb");
    public static readonly uint Codestream = FourCC.From("jp2c");
    public static readonly uint Brotli = FourCC.From("brob");
    public static readonly uint Free = FourCC.From("free");
}

/// <summary>
/// Generic JUMBF superbox type UUIDs (ISO/IEC 19566-5): a 4CC followed by the ISO suffix
/// <c>-0011-0010-8000-00AA00389B71</c>, or a UUID of its own. The C2PA types are in <c>Spec/C2paBoxes.cs</c>.
/// </summary>
internal static class JumbfTypes
{
    public static readonly Guid Cbor = FromFourCC("cbor");
    public static readonly Guid Json = FromFourCC("json");
    public static readonly Guid Uuid = FromFourCC("uuid");
    public static readonly Guid Codestream = FromFourCC("jp2c");

    /// <summary>Embedded file content type (<c>bfdb</c> + <c>bidb</c>), ISO/IEC 19566-5 §B.5.</summary>
    public static readonly Guid EmbeddedFile = new("40CB0C32-BB8A-489D-A70B-2AD6F47F4369");

    private static ReadOnlySpan<byte> IsoSuffix => [0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>The UUID for a 4CC with the ISO suffix.</summary>
    public static Guid FromFourCC(string fourCC)
    {
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < 4; i++)
        {
            bytes[i] = (byte)fourCC[i];
        }

        IsoSuffix.CopyTo(bytes[4..]);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Reads a UUID as its 16 bytes appear in the file (big-endian fields).</summary>
    public static Guid Read(ReadOnlySpan<byte> bytes) => new(bytes[..16], bigEndian: true);

    /// <summary>Writes a UUID in file order.</summary>
    public static void Write(Guid type, Span<byte> destination)
    {
        if (!type.TryWriteBytes(destination, bigEndian: true, out _))
        {
            throw new ArgumentException("Sixteen bytes are needed.", nameof(destination));
        }
    }
}
