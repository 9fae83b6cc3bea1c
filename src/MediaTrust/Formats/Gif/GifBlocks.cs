using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Gif;

internal enum GifBlockKind
{
    Other,
    C2pa,
    Xmp,
}

/// <summary>One top-level GIF block with its §18.7.3.4 name; the range includes optional color tables and sub-blocks.</summary>
internal readonly record struct GifBlock(string Name, ByteRange Range, GifBlockKind Kind);

/// <summary>Walks a GIF's blocks by their headers and sub-block lengths, without decoding image data.</summary>
internal static class GifBlocks
{
    public static List<GifBlock> Read(Stream asset, CancellationToken cancellationToken)
    {
        AssetStream.RequireSeekable(asset);
        var reader = new ForwardReader(asset, 0, "GIF");
        Span<byte> header = stackalloc byte[13];
        reader.Read(header);
        if (!header[..3].SequenceEqual("GIF"u8))
        {
            throw new MalformedContentException("not a GIF file", offset: 0, location: "GIF");
        }

        var blocks = new List<GifBlock> { new(System.Text.Encoding.ASCII.GetString(header[..6]), new ByteRange(0, 6), GifBlockKind.Other) };
        var packed = header[10];
        var lsdLength = 7 + ColorTableLength(packed);
        reader.Skip(lsdLength - 7);
        blocks.Add(new GifBlock("LSD", new ByteRange(6, lsdLength), GifBlockKind.Other));

        Span<byte> appHeader = stackalloc byte[12];
        Span<byte> descriptor = stackalloc byte[9];
        while (reader.Position < asset.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (blocks.Count >= FormatLimits.MaxElementCount)
            {
                throw new MalformedContentException("too many GIF blocks", offset: reader.Position, location: "GIF");
            }

            var start = reader.Position;
            var introducer = reader.ReadByte();
            switch (introducer)
            {
                case 0x21:
                    var label = reader.ReadByte();
                    var kind = GifBlockKind.Other;
                    if (label == 0xFF && asset.Length - reader.Position >= 12)
                    {
                        reader.Read(appHeader);
                        reader.Seek(start + 2);
                        if (appHeader[0] == 11 && appHeader[1..9].SequenceEqual("C2PA_GIF"u8))
                        {
                            kind = GifBlockKind.C2pa;
                        }
                        else if (appHeader[0] == 11 && appHeader[1..12].SequenceEqual("XMP DataXMP"u8))
                        {
                            kind = GifBlockKind.Xmp;
                        }
                    }

                    SkipSubBlocks(reader);
                    blocks.Add(new GifBlock($"21{label:X2}", new ByteRange(start, reader.Position - start), kind));
                    break;
                case 0x2C:
                    reader.Read(descriptor);
                    reader.Skip(ColorTableLength(descriptor[8]));
                    blocks.Add(new GifBlock("2C", new ByteRange(start, reader.Position - start), GifBlockKind.Other));
                    var dataStart = reader.Position;
                    reader.ReadByte(); // LZW minimum code size
                    SkipSubBlocks(reader);
                    blocks.Add(new GifBlock("TBID", new ByteRange(dataStart, reader.Position - dataStart), GifBlockKind.Other));
                    break;
                case 0x3B:
                    blocks.Add(new GifBlock("3B", new ByteRange(start, 1), GifBlockKind.Other));
                    if (reader.Position < asset.Length)
                    {
                        // Trailing bytes after the trailer are kept (and hashed) as c2pa.after (spec 2.2 §18.7).
                        blocks.Add(new GifBlock("c2pa.after", new ByteRange(reader.Position, asset.Length - reader.Position), GifBlockKind.Other));
                    }

                    return blocks;
                default:
                    throw new MalformedContentException($"unknown GIF block introducer 0x{introducer:X2}", offset: start, location: "GIF");
            }
        }

        throw new MalformedContentException("GIF ends without a trailer", offset: asset.Length, location: "GIF");
    }

    /// <summary>Concatenates the data sub-blocks from <paramref name="start"/> up to the terminator before <paramref name="end"/>.</summary>
    public static byte[] ReadSubBlocks(Stream asset, long start, long end, CancellationToken cancellationToken)
    {
        // Sub-block data is at most (end - start) bytes, already bounded by the block walk.
        var total = end - start;
        if (total > FormatLimits.MaxStoreLength)
        {
            throw new MalformedContentException("the C2PA_GIF extension exceeds the store size limit", offset: start, location: "GIF/C2PA_GIF");
        }

        var raw = AssetStream.ReadBytes(asset, start, total, "GIF/C2PA_GIF");
        var data = new byte[raw.Length];
        int read = 0, written = 0;
        while (read < raw.Length && raw[read] != 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var size = raw[read];
            if (read + 1 + size > raw.Length)
            {
                throw new MalformedContentException("a C2PA_GIF sub-block runs past its extension", offset: start + read, location: "GIF/C2PA_GIF");
            }

            raw.AsSpan(read + 1, size).CopyTo(data.AsSpan(written));
            written += size;
            read += 1 + size;
        }

        return data.AsSpan(0, written).ToArray();
    }

    private static void SkipSubBlocks(ForwardReader reader)
    {
        while (true)
        {
            var size = reader.ReadByte();
            if (size == 0)
            {
                return;
            }

            reader.Skip(size);
        }
    }

    private static int ColorTableLength(byte packed) => (packed & 0x80) != 0 ? 3 * (1 << ((packed & 0x07) + 1)) : 0;
}
