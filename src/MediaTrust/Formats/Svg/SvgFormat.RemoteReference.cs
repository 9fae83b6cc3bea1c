using MediaTrust.Formats.Xmp;

namespace MediaTrust.Formats.Svg;

internal sealed partial class SvgFormat : IRemoteReferenceWriter
{
    /// <summary>
    /// Updates the inline <c>x:xmpmeta</c> element in place, or adds one to <c>&lt;metadata&gt;</c> (created after the
    /// <c>svg</c> start tag when missing), as XMP Specification Part 3 (1.1.8, XML files) places it.
    /// </summary>
    public void WriteRemoteReference(Stream source, Stream destination, string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(url);
        var document = Load(source);
        var span = document.AsSpan();
        var xmpStart = span.IndexOf("<x:xmpmeta"u8);
        var xmpEnd = span.IndexOf("</x:xmpmeta>"u8);
        if (xmpStart >= 0 && xmpEnd > xmpStart)
        {
            var end = xmpEnd + "</x:xmpmeta>".Length;
            destination.Write(span[..xmpStart]);
            destination.Write(XmpPacket.SetProvenance(span[xmpStart..end], url));
            destination.Write(span[end..]);
            return;
        }

        // A new packet without the <?xpacket?> wrapper: in an XML document the element stands alone.
        var packet = XmpPacket.SetProvenance([], url).AsSpan();
        var element = packet[packet.IndexOf("<x:xmpmeta"u8)..(packet.IndexOf("</x:xmpmeta>"u8) + "</x:xmpmeta>".Length)];
        var (insertAt, wrap) = InsertionPoint(document);
        destination.Write(span[..insertAt]);
        if (wrap)
        {
            destination.Write("<metadata>"u8);
        }

        destination.Write(element);
        if (wrap)
        {
            destination.Write("</metadata>"u8);
        }

        destination.Write(span[insertAt..]);
    }
}
