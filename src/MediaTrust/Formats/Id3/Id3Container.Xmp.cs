using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.Formats.Xmp;

namespace MediaTrust.Formats.Id3;

internal static partial class Id3Container
{
    /// <summary>PRIV owner identifier of an XMP packet: "XMP" and its terminating NUL (as c2pa-rs and XMP toolkits write it).</summary>
    private static ReadOnlySpan<byte> XmpOwner => "XMP\0"u8;

    /// <summary>
    /// Replaces the XMP PRIV frame (owner "XMP", id3v2.4 §4.27) of the leading tag, or adds one (a tag is created
    /// when there is none); the C2PA GEOB frame and every other frame stay.
    /// </summary>
    public static void WriteRemoteReference(Stream source, Stream destination, string url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(url);
        var tag = Id3Tag.Read(source, cancellationToken);
        var xmpFrame = FindXmpFrame(source, tag);
        byte[]? existing = xmpFrame is { } f ? ReadXmp(source, f) : null;
        var packet = XmpPacket.SetProvenance(existing, url);
        var size = XmpOwner.Length + packet.Length;
        WriteTag(source, destination, tag, 10 + size, frame => frame.Range.Start != xmpFrame?.Range.Start, output =>
        {
            Span<byte> header = stackalloc byte[10];
            "PRIV"u8.CopyTo(header);
            if (tag is { Version: 3 })
            {
                BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)size);
            }
            else
            {
                Id3Tag.WriteSyncSafe(header[4..], size);
            }

            output.Write(header);
            output.Write(XmpOwner);
            var at = output.Position;
            output.Write(packet);
            return at;
        }, cancellationToken);
        AssetStream.CopyToEnd(source, tag?.Length ?? 0, destination, cancellationToken);
    }

    private static string? FindRemoteManifestUrl(Stream asset, Id3Tag tag) =>
        FindXmpFrame(asset, tag) is { } frame ? XmpPacket.FindRemoteManifestUrl(ReadXmp(asset, frame)) : null;

    private static Id3Frame? FindXmpFrame(Stream asset, Id3Tag? tag)
    {
        Span<byte> owner = stackalloc byte[4];
        foreach (var frame in tag?.Frames ?? [])
        {
            // Frame headers are 10 bytes in v2.3/2.4 (a v2.2 "PRV" frame is not written by anyone for XMP).
            if (frame.Id == "PRIV" && frame.Range.Length >= 14 && tag!.Version >= 3)
            {
                AssetStream.ReadAt(asset, frame.Range.Start + 10, owner, "ID3/PRIV");
                if (owner.SequenceEqual(XmpOwner))
                {
                    return frame;
                }
            }
        }

        return null;
    }

    private static byte[] ReadXmp(Stream asset, Id3Frame frame) =>
        AssetStream.ReadBytes(asset, frame.Range.Start + 14, frame.Range.Length - 14, "ID3/PRIV", FormatLimits.MaxMetadataLength);
}
