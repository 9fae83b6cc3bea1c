using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.Formats.Xmp;

namespace MediaTrust.Formats.Bmff;

internal sealed partial class BmffFormat : IRemoteReferenceWriter
{
    /// <summary>
    /// Replaces the top-level XMP <c>uuid</c> box (BE7ACFCB-97A9-42E8-9C71-999491E3AFAC, XMP Specification Part 3,
    /// 1.2.7) with one right after <c>ftyp</c>, fixing chunk offsets like <see cref="Embed"/>; a C2PA box stays.
    /// </summary>
    public void WriteRemoteReference(Stream source, Stream destination, string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(url);
        byte[]? existing = null;
        foreach (var box in BmffTree.Read(source, cancellationToken))
        {
            if (IsXmpBox(box))
            {
                existing = AssetStream.ReadBytes(source, box.DataOffset, box.End - box.DataOffset, box.Path, FormatLimits.MaxMetadataLength);
                break;
            }
        }

        var packet = XmpPacket.SetProvenance(existing, url);
        var boxLength = 8 + 16 + packet.Length;
        Rewrite(source, destination, boxLength, output =>
        {
            Span<byte> header = stackalloc byte[24];
            BinaryPrimitives.WriteUInt32BigEndian(header, (uint)boxLength);
            "uuid"u8.CopyTo(header[4..]);
            XmpUuid.CopyTo(header[8..]);
            output.Write(header);
            output.Write(packet);
        }, cancellationToken, IsXmpBox);
    }

    private static bool IsXmpBox(BmffBox box) => box.Type == "uuid" && box.UserType.Span.SequenceEqual(XmpUuid);
}
