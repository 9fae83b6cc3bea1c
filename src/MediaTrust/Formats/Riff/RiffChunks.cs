using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Riff;

/// <summary>One L1 chunk of a RIFF chunk: its range includes the 8-byte header and the pad byte.</summary>
internal readonly record struct RiffChunk(uint Id, string Name, ByteRange Range, long DataLength)
{
    public long DataStart => Range.Start + 8;

    public bool IsC2pa => Id == 0x43325041; // "C2PA"

    /// <summary>WebP keeps XMP in <c>XMP </c>; WAV and AVI (Adobe's convention) in <c>_PMX</c>.</summary>
    public bool IsXmp => Id is 0x584D5020 or 0x5F504D58;
}

/// <summary>
/// The L1 chunks of the first RIFF chunk, read header by header (data is skipped with a seek). Only the top
/// level is walked: LIST contents are never followed, so nesting bombs cost nothing.
/// </summary>
internal sealed class RiffChunks
{
    public required uint FormType { get; init; }

    /// <summary>Bytes of the RIFF chunk (header included) in the source.</summary>
    public required long RiffLength { get; init; }

    public required IReadOnlyList<RiffChunk> Chunks { get; init; }

    public static RiffChunks Read(Stream asset, CancellationToken cancellationToken)
    {
        AssetStream.RequireSeekable(asset);
        Span<byte> header = stackalloc byte[12];
        AssetStream.ReadAt(asset, 0, header, "RIFF");
        if (!header[..4].SequenceEqual("RIFF"u8))
        {
            throw new MalformedContentException("not a RIFF file", offset: 0, location: "RIFF");
        }

        long end = 8L + BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (end > asset.Length)
        {
            throw new MalformedContentException($"RIFF chunk size says {end} bytes but the file has {asset.Length}", offset: 4, location: "RIFF");
        }

        var chunks = new List<RiffChunk>();
        long pos = 12;
        Span<byte> chunkHeader = stackalloc byte[12];
        while (end - pos >= 8)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (chunks.Count >= FormatLimits.MaxElementCount)
            {
                throw new MalformedContentException("too many RIFF chunks", offset: pos, location: "RIFF");
            }

            var read = AssetStream.ReadUpTo(asset, pos, chunkHeader[..(int)Math.Min(12, end - pos)]);
            var id = BinaryPrimitives.ReadUInt32BigEndian(chunkHeader);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            var dataEnd = pos + 8 + size;
            if (dataEnd > end)
            {
                throw new MalformedContentException($"chunk '{FourCc(id)}' of {size} bytes runs past the end of the RIFF chunk", offset: pos, location: "RIFF/" + FourCc(id));
            }

            var chunkEnd = Math.Min(dataEnd + (size & 1), end);
            var name = id == 0x4C495354 && size >= 4 && read >= 12 // LIST: named by its list type
                ? FourCc(BinaryPrimitives.ReadUInt32BigEndian(chunkHeader[8..]))
                : FourCc(id);
            chunks.Add(new RiffChunk(id, name, new ByteRange(pos, chunkEnd - pos), size));
            pos = chunkEnd;
        }

        return new RiffChunks { FormType = BinaryPrimitives.ReadUInt32BigEndian(header[8..]), RiffLength = end, Chunks = chunks };
    }

    public static string FourCc(uint value) => string.Create(4, value, static (span, v) =>
    {
        for (var i = 0; i < 4; i++)
        {
            var c = (char)((v >> (24 - (8 * i))) & 0xFF);
            span[i] = c is >= ' ' and <= '~' ? c : '?';
        }
    });
}
