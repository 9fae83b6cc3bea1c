using System.Buffers.Binary;
using System.Text;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Font;

/// <summary>
/// The font <c>C2PA</c> table (spec 2.2 §A.3.9.2, Table 14), big-endian: uint16 majorVersion, uint16 minorVersion,
/// Offset32 activeManifestUriOffset, uint16 activeManifestUriLength, uint16 reserved, Offset32 manifestStoreOffset,
/// uint32 manifestStoreLength. Offsets count from the start of the table; offset 0 means "absent".
/// </summary>
internal static class C2paTable
{
    public const int HeaderLength = 20;

    /// <summary>The version MediaTrust writes: 0.1, the value in the Monotype-signed fonts c2pa-rs produced.</summary>
    public const ushort MajorVersion = 0;
    public const ushort MinorVersion = 1;

    /// <summary>Where the store lies in the table, relative to the table's start (null when the table has no store).</summary>
    public readonly record struct Contents(string? Uri, ByteRange? Store);

    /// <summary>Reads and checks the header of <paramref name="table"/>: both sections inside the table and apart.</summary>
    public static Contents Read(Stream font, SfntTable table)
    {
        var location = "sfnt/C2PA";
        if (table.Length < HeaderLength)
        {
            throw new MalformedContentException($"the C2PA table is {table.Length} bytes, shorter than its {HeaderLength}-byte header", offset: table.Offset, location: location);
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        AssetStream.ReadAt(font, table.Offset, header, location);
        var uri = Section(BinaryPrimitives.ReadUInt32BigEndian(header[4..]), BinaryPrimitives.ReadUInt16BigEndian(header[8..]), table, "activeManifestUri");
        var store = Section(BinaryPrimitives.ReadUInt32BigEndian(header[12..]), BinaryPrimitives.ReadUInt32BigEndian(header[16..]), table, "manifestStore");
        if (uri is { } u && store is { } s && u.Start < s.End && s.Start < u.End)
        {
            throw new MalformedContentException("the C2PA table's activeManifestUri and manifestStore overlap", offset: table.Offset, location: location);
        }

        string? text = null;
        if (uri is { } range)
        {
            var bytes = AssetStream.ReadBytes(font, table.Offset + range.Start, range.Length, location + "/activeManifestUri", FormatLimits.MaxMetadataLength);
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new MalformedContentException("the C2PA table's activeManifestUri is not UTF-8", offset: table.Offset + range.Start, location: location, innerException: e);
            }
        }

        return new Contents(text, store);
    }

    /// <summary>A table holding <paramref name="uri"/> (if any) then <paramref name="store"/> (if non-empty).</summary>
    public static byte[] Encode(string? uri, ReadOnlySpan<byte> store)
    {
        var uriBytes = uri is null ? [] : Encoding.UTF8.GetBytes(uri);
        if (uriBytes.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"a font's activeManifestUri holds at most {ushort.MaxValue} bytes", nameof(uri));
        }

        var table = new byte[HeaderLength + uriBytes.Length + store.Length];
        var span = table.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, MajorVersion);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], MinorVersion);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], uriBytes.Length == 0 ? 0u : HeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)uriBytes.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], store.IsEmpty ? 0u : (uint)(HeaderLength + uriBytes.Length));
        BinaryPrimitives.WriteUInt32BigEndian(span[16..], (uint)store.Length);
        uriBytes.CopyTo(span[HeaderLength..]);
        store.CopyTo(span[(HeaderLength + uriBytes.Length)..]);
        return table;
    }

    private static ByteRange? Section(uint offset, uint length, SfntTable table, string name)
    {
        if (offset == 0 || length == 0)
        {
            // A null offset means the section is absent (§A.3.9.2); a zero length holds nothing either.
            return null;
        }

        if (offset < HeaderLength || offset + (long)length > table.Length)
        {
            throw new MalformedContentException(
                $"the C2PA table's {name} [{offset}, {offset + (long)length}) lies outside the table's {table.Length - HeaderLength} bytes after its header",
                offset: table.Offset, location: "sfnt/C2PA");
        }

        return new ByteRange(offset, length);
    }
}
