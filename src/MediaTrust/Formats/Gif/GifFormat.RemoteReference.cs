using MediaTrust.Formats.Common;
using MediaTrust.Formats.Xmp;

namespace MediaTrust.Formats.Gif;

internal sealed partial class GifFormat : IRemoteReferenceWriter
{
    /// <summary>Introducer, label, block size 11, "XMP DataXMP" (XMP Specification Part 3, 1.1.2).</summary>
    private static ReadOnlySpan<byte> XmpHeader => [0x21, 0xFF, 0x0B, 0x58, 0x4D, 0x50, 0x20, 0x44, 0x61, 0x74, 0x61, 0x58, 0x4D, 0x50];

    /// <summary>
    /// Writes the XMP application extension right after the logical screen descriptor (replacing any other):
    /// the packet raw, then the 258-byte "magic trailer" 0x01, 0xFF…0x00 and the block terminator, which makes
    /// a sub-block walker land on the terminator whatever the packet bytes are (XMP Part 3, 1.1.2).
    /// </summary>
    public void WriteRemoteReference(Stream source, Stream destination, string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(url);
        var blocks = GifBlocks.Read(source, cancellationToken);
        byte[]? existing = null;
        foreach (var block in blocks)
        {
            if (block.Kind == GifBlockKind.Xmp)
            {
                existing = ReadXmp(source, block);
                break;
            }
        }

        var packet = XmpPacket.SetProvenance(existing, url);
        foreach (var block in blocks)
        {
            if (block.Kind == GifBlockKind.Xmp)
            {
                continue;
            }

            AssetStream.CopyRange(source, block.Range.Start, block.Range.Length, destination, cancellationToken);
            if (block.Name == "LSD")
            {
                destination.Write(XmpHeader);
                destination.Write(packet);
                destination.WriteByte(0x01);
                for (var b = 0xFF; b >= 0; b--)
                {
                    destination.WriteByte((byte)b);
                }

                destination.WriteByte(0);
            }
        }
    }

    /// <summary>The XMP packet of an XMP application extension: its data up to the magic trailer.</summary>
    private static byte[] ReadXmp(Stream asset, GifBlock block)
    {
        var raw = AssetStream.ReadBytes(asset, block.Range.Start + ExtensionHeaderLength, block.Range.Length - ExtensionHeaderLength, "GIF/XMP", FormatLimits.MaxMetadataLength);
        var trailer = raw.AsSpan().IndexOf(MagicTrailerStart);
        return trailer >= 0 ? raw[..trailer] : raw;
    }
}
