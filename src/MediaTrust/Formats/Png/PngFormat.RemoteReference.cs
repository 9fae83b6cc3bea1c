using System.Buffers.Binary;
using System.IO.Compression;
using MediaTrust.Formats.Common;
using MediaTrust.Formats.Xmp;
using MediaTrust.IO;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Formats.Png;

/// <summary>
/// The XMP packet of a PNG: an <c>iTXt</c> chunk with keyword <c>XML:com.adobe.xmp</c> (XMP Specification
/// Part 3, 1.1.5), which carries the remote manifest reference <c>dcterms:provenance</c> (spec 2.2 §11.4).
/// </summary>
internal sealed partial class PngFormat : IRemoteReferenceWriter
{
    private static readonly uint ITxt = FourCC.From("iTXt");

    /// <summary>Keyword and its NUL terminator.</summary>
    private static ReadOnlySpan<byte> XmpKeyword => "XML:com.adobe.xmp\0"u8;

    /// <summary>
    /// Replaces the XMP <c>iTXt</c> chunk in place, or inserts one right after IHDR. The packet is written
    /// uncompressed with empty language tag and translated keyword, as XMP Part 3 asks.
    /// </summary>
    public void WriteRemoteReference(Stream source, Stream destination, string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(url);
        var chunks = Scan(source, cancellationToken, out var length);
        Chunk? existing = null;
        foreach (var chunk in chunks)
        {
            if (IsXmpChunk(source, chunk))
            {
                existing = chunk;
                break;
            }
        }

        var packet = XmpPacket.SetProvenance(existing is { } old ? ReadXmp(source, old) : null, url);
        destination.Write(Signature);
        var written = false;
        foreach (var chunk in chunks)
        {
            if (existing is { } replaced && chunk.Start == replaced.Start)
            {
                WriteXmpChunk(destination, packet);
                written = true;
                continue;
            }

            source.Position = chunk.Start;
            source.CopyBytes(destination, chunk.Length, cancellationToken);
            if (existing is null && chunk.Type == Ihdr && !written)
            {
                WriteXmpChunk(destination, packet);
                written = true;
            }
        }

        if (!written)
        {
            WriteXmpChunk(destination, packet);
        }

        CopyTrailer(source, destination, chunks, length, cancellationToken);
    }

    private static string? FindRemoteManifestUrl(Stream asset, List<Chunk> chunks)
    {
        foreach (var chunk in chunks)
        {
            if (IsXmpChunk(asset, chunk))
            {
                return XmpPacket.FindRemoteManifestUrl(ReadXmp(asset, chunk));
            }
        }

        return null;
    }

    private static bool IsXmpChunk(Stream asset, Chunk chunk)
    {
        if (chunk.Type != ITxt || chunk.DataLength < XmpKeyword.Length)
        {
            return false;
        }

        Span<byte> keyword = stackalloc byte[18];
        return AssetStream.ReadUpTo(asset, chunk.Start + 8, keyword) == keyword.Length && keyword.SequenceEqual(XmpKeyword);
    }

    /// <summary>
    /// The text of an XMP iTXt chunk (PNG spec 11.3.4.5: keyword, NUL, compression flag, method, language tag,
    /// NUL, translated keyword, NUL, text), inflated when compressed, never beyond
    /// <see cref="FormatLimits.MetadataInflateLimit"/> of its compressed length.
    /// </summary>
    private static byte[] ReadXmp(Stream asset, Chunk chunk)
    {
        var data = AssetStream.ReadBytes(asset, chunk.Start + 8, chunk.DataLength, "PNG/iTXt", FormatLimits.MaxMetadataLength);
        var rest = data.AsSpan(XmpKeyword.Length);
        if (rest.Length < 2)
        {
            throw new MalformedContentException("the XMP iTXt chunk ends before its compression fields", ValidationStatusCodes.GeneralError, chunk.Start, "iTXt");
        }

        var compressed = rest[0] != 0;
        var textStart = XmpKeyword.Length + 2;
        for (var field = 0; field < 2; field++)
        {
            var nul = data.AsSpan(textStart).IndexOf((byte)0);
            if (nul < 0)
            {
                throw new MalformedContentException("the XMP iTXt chunk's language tag or translated keyword has no NUL terminator", ValidationStatusCodes.GeneralError, chunk.Start, "iTXt");
            }

            textStart += nul + 1;
        }

        if (!compressed)
        {
            return data[textStart..];
        }

        if (rest[1] != 0)
        {
            throw new MalformedContentException($"the XMP iTXt chunk uses compression method {rest[1]}; PNG defines only 0 (zlib)", ValidationStatusCodes.GeneralError, chunk.Start, "iTXt");
        }

        try
        {
            var limit = FormatLimits.MetadataInflateLimit(data.Length - textStart);
            using var zlib = new ZLibStream(new MemoryStream(data, textStart, data.Length - textStart), CompressionMode.Decompress);
            using var text = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                if (text.Length + read > limit)
                {
                    throw new MalformedContentException($"the XMP iTXt chunk inflates past {limit} bytes (1 MiB + 16 × its {data.Length - textStart} compressed bytes, at most 64 MiB)", ValidationStatusCodes.GeneralError, chunk.Start, "iTXt");
                }

                text.Write(buffer, 0, read);
            }

            return text.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // The source is a MemoryStream: an IOException is zlib's (ZLibException, e.g. a preset dictionary asked for).
            throw new MalformedContentException($"the XMP iTXt chunk's zlib data is corrupt: {e.Message}", ValidationStatusCodes.GeneralError, chunk.Start, "iTXt");
        }
    }

    private static void WriteXmpChunk(Stream destination, ReadOnlySpan<byte> packet)
    {
        // keyword\0, compression flag 0, method 0, empty language tag\0, empty translated keyword\0, text.
        var data = new byte[XmpKeyword.Length + 4 + packet.Length];
        XmpKeyword.CopyTo(data);
        packet.CopyTo(data.AsSpan(XmpKeyword.Length + 4));
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], ITxt);
        destination.Write(header);
        destination.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(header, ChunkCrc(ITxt, data));
        destination.Write(header[..4]);
    }
}
