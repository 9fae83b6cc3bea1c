using System.Buffers.Binary;
using MediaTrust.Formats.Bmff;
using MediaTrust.Formats.Common;
using MediaTrust.Formats.Xmp;
using MediaTrust.IO;

namespace MediaTrust.Formats.JpegXl;

internal sealed partial class JpegXlFormat : IRemoteReferenceWriter
{
    /// <summary>
    /// Replaces the <c>xml </c> box (ISO/IEC 18181-2 §9.4: XMP) by one at the end of the file; a bare codestream
    /// has no boxes and cannot carry XMP.
    /// </summary>
    public void WriteRemoteReference(Stream source, Stream destination, string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(url);
        if (!IsContainer(source))
        {
            throw new MalformedContentException("a bare JPEG XL codestream cannot carry XMP", offset: 0, location: "jxl");
        }

        var boxes = BmffTree.Read(source, cancellationToken);
        byte[]? existing = null;
        foreach (var box in boxes)
        {
            if (box.Type == "xml ")
            {
                existing ??= AssetStream.ReadBytes(source, box.DataOffset, box.End - box.DataOffset, "/xml ", FormatLimits.MaxMetadataLength);
            }
        }

        var packet = XmpPacket.SetProvenance(existing, url);
        var written = false;
        foreach (var box in boxes)
        {
            if (box.Type == "xml ")
            {
                continue;
            }

            // A last box whose size field is 0 runs to the end of the file: the new box must precede it.
            if (box.End == source.Length && AssetStream.ReadUInt32BigEndian(source, box.Offset, "jxl") == 0)
            {
                WriteXmlBox(destination, packet);
                written = true;
            }

            AssetStream.CopyRange(source, box.Offset, box.Size, destination, cancellationToken);
        }

        if (!written)
        {
            WriteXmlBox(destination, packet);
        }
    }

    private static void WriteXmlBox(Stream destination, byte[] packet)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(8 + packet.Length));
        "xml "u8.CopyTo(header[4..]);
        destination.Write(header);
        destination.Write(packet);
    }
}
