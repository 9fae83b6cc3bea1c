using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.Formats.Xmp;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Formats.Jpeg;

/// <summary>
/// The XMP packet of a JPEG: an APP1 segment whose data starts with the namespace
/// <c>http://ns.adobe.com/xap/1.0/\0</c> (XMP Specification Part 3, 1.1.3), which carries the remote
/// manifest reference <c>dcterms:provenance</c> (spec 2.2 §11.4).
/// </summary>
internal sealed partial class JpegFormat : IRemoteReferenceWriter
{
    /// <summary>Largest packet one APP1 segment holds, as XMP Part 3, 1.1.3 states it (the standard XMP is never split).</summary>
    internal const int MaxXmpPacket = 65502;

    private static ReadOnlySpan<byte> XmpNamespace => "http://ns.adobe.com/xap/1.0/\0"u8;

    /// <summary>
    /// Replaces the XMP APP1 segment in place, or inserts one after SOI and a leading APP0 (JFIF/JFXX wants
    /// APP0 first). Extended XMP segments (<c>http://ns.adobe.com/xmp/extension/</c>) are kept as they are.
    /// </summary>
    public void WriteRemoteReference(Stream source, Stream destination, string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(url);
        var scan = Scan(source, throughScans: false, cancellationToken);
        var existing = FindXmpSegment(source, scan);
        var packet = XmpPacket.SetProvenance(existing is { } segment ? ReadXmp(source, segment) : null, url);
        if (packet.Length > MaxXmpPacket)
        {
            throw new MalformedContentException(
                $"the XMP packet with the remote reference is {packet.Length} bytes; one JPEG APP1 segment holds at most {MaxXmpPacket}", ValidationStatusCodes.GeneralError,
                existing?.Start ?? 0, "APP1/XMP");
        }

        var insertAfter = 0; // SOI
        if (scan.Segments.Count > 1 && scan.Segments[1].Marker == JpegMarkers.App0)
        {
            insertAfter = 1;
        }

        for (var i = 0; i < scan.Segments.Count; i++)
        {
            var current = scan.Segments[i];
            if (existing is { } old && current.Start == old.Start)
            {
                WriteXmpSegment(destination, packet);
                continue;
            }

            AssetStream.CopyRange(source, current.Start, current.Length, destination, cancellationToken);
            if (existing is null && i == insertAfter)
            {
                WriteXmpSegment(destination, packet);
            }
        }

        CopyRest(source, destination, scan, cancellationToken);
    }

    /// <summary>The remote reference in the XMP APP1 segment before the first scan, if any.</summary>
    private static string? FindRemoteManifestUrl(Stream asset, ScanResult scan) =>
        FindXmpSegment(asset, scan) is { } segment ? XmpPacket.FindRemoteManifestUrl(ReadXmp(asset, segment)) : null;

    private static Segment? FindXmpSegment(Stream asset, ScanResult scan)
    {
        Span<byte> head = stackalloc byte[29];
        foreach (var segment in scan.Segments)
        {
            if (segment.Marker == JpegMarkers.App1 && segment.Length >= 4 + XmpNamespace.Length
                && AssetStream.ReadUpTo(asset, segment.Start + 4, head) == head.Length && head.SequenceEqual(XmpNamespace))
            {
                return segment;
            }
        }

        return null;
    }

    private static byte[] ReadXmp(Stream asset, Segment segment)
    {
        var offset = 4 + XmpNamespace.Length;
        return AssetStream.ReadBytes(asset, segment.Start + offset, segment.Length - offset, "APP1/XMP", FormatLimits.MaxMetadataLength);
    }

    private static void WriteXmpSegment(Stream destination, ReadOnlySpan<byte> packet)
    {
        Span<byte> header = stackalloc byte[4];
        header[0] = 0xFF;
        header[1] = JpegMarkers.App1;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(2 + XmpNamespace.Length + packet.Length));
        destination.Write(header);
        destination.Write(XmpNamespace);
        destination.Write(packet);
    }
}
