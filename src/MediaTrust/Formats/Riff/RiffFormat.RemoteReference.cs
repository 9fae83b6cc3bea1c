using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.Formats.Xmp;
using MediaTrust.IO;

namespace MediaTrust.Formats.Riff;

internal sealed partial class RiffFormat : IRemoteReferenceWriter
{
    private const uint WebPForm = 0x57454250; // "WEBP"
    private const uint Vp8xId = 0x56503858; // "VP8X"
    private const byte Vp8xXmpFlag = 0x04;

    /// <summary>
    /// Replaces the XMP chunk (WebP <c>XMP </c>; WAV/AVI <c>_PMX</c>, Adobe's convention) or adds one at the end of
    /// the RIFF chunk, before a C2PA chunk so that stays last (§A.3.6). In an extended WebP the VP8X XMP flag is set.
    /// </summary>
    public void WriteRemoteReference(Stream source, Stream destination, string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(url);
        var riff = RiffChunks.Read(source, cancellationToken);
        byte[]? existing = null;
        long body = 4;
        foreach (var chunk in riff.Chunks)
        {
            if (chunk.IsXmp)
            {
                existing ??= AssetStream.ReadBytes(source, chunk.DataStart, chunk.DataLength, "RIFF/XMP", FormatLimits.MaxMetadataLength);
            }
            else
            {
                body += chunk.Range.Length + (chunk.Range.Length & 1);
            }
        }

        var packet = XmpPacket.SetProvenance(existing, url);
        var isWebP = riff.FormType == WebPForm;
        body += ChunkHeaderLength + packet.Length + (packet.Length & 1);
        WriteRiffHeader(destination, body, riff.FormType);
        var written = false;
        Span<byte> flags = stackalloc byte[1];
        foreach (var chunk in riff.Chunks)
        {
            if (chunk.IsXmp)
            {
                continue;
            }

            if (chunk.IsC2pa && !written)
            {
                WriteChunk(destination, isWebP ? "XMP "u8 : "_PMX"u8, packet);
                written = true;
            }

            if (isWebP && chunk.Id == Vp8xId && chunk.DataLength >= 1)
            {
                // VP8X flags byte: set "XMP metadata present" (WebP container specification).
                AssetStream.CopyRange(source, chunk.Range.Start, ChunkHeaderLength, destination, cancellationToken);
                AssetStream.ReadAt(source, chunk.DataStart, flags, "RIFF/VP8X");
                destination.WriteByte((byte)(flags[0] | Vp8xXmpFlag));
                AssetStream.CopyRange(source, chunk.DataStart + 1, chunk.Range.Length - ChunkHeaderLength - 1, destination, cancellationToken);
            }
            else
            {
                AssetStream.CopyRange(source, chunk.Range.Start, chunk.Range.Length, destination, cancellationToken);
            }

            if ((chunk.Range.Length & 1) != 0)
            {
                destination.WriteByte(0);
            }
        }

        if (!written)
        {
            WriteChunk(destination, isWebP ? "XMP "u8 : "_PMX"u8, packet);
        }

        AssetStream.CopyRange(source, riff.RiffLength, source.Length - riff.RiffLength, destination, cancellationToken);
    }

    private static void WriteChunk(Stream destination, ReadOnlySpan<byte> id, byte[] data)
    {
        Span<byte> header = stackalloc byte[ChunkHeaderLength];
        id.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)data.Length);
        destination.Write(header);
        destination.Write(data);
        if ((data.Length & 1) != 0)
        {
            destination.WriteByte(0);
        }
    }
}
