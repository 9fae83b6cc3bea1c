using System.Buffers.Binary;
using System.Text;
using MediaTrust.Formats.Common;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Formats.Bmff;

/// <summary>
/// Reads the box tree of an ISO BMFF file from box headers alone: media data is never read, nesting is bounded
/// by <see cref="FormatLimits.MaxNestingDepth"/> and the box count by <see cref="FormatLimits.MaxElementCount"/>.
/// </summary>
internal static class BmffTree
{
    private const int MaxPurposeLength = 64;

    /// <summary>Boxes whose payload is a sequence of boxes.</summary>
    private static readonly HashSet<string> Containers =
    [
        "moov", "trak", "mdia", "minf", "stbl", "edts", "dinf", "udta", "mvex", "moof", "traf", "mfra",
        "meta", "iprp", "ipco", "sinf", "schi", "tref", "grpl", "strk", "strd",
    ];

    /// <summary>The top-level boxes (with descendants) of <paramref name="asset"/>.</summary>
    public static IReadOnlyList<BmffBox> Read(Stream asset, CancellationToken cancellationToken = default)
    {
        AssetStream.RequireSeekable(asset);
        var root = new BmffBox { Type = "", Offset = 0, Size = asset.Length, HeaderLength = 0, Path = "" };
        var count = 0;
        ReadChildren(asset, root, 0, asset.Length, 0, ref count, cancellationToken);
        return root.Children;
    }

    private static void ReadChildren(Stream asset, BmffBox parent, long start, long end, int depth, ref int count, CancellationToken cancellationToken)
    {
        if (depth > FormatLimits.MaxNestingDepth)
        {
            throw new MalformedContentException($"boxes are nested more than {FormatLimits.MaxNestingDepth} deep", offset: start, location: parent.Path);
        }

        Span<byte> header = stackalloc byte[32];
        var pos = start;
        while (pos < end)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++count > FormatLimits.MaxElementCount)
            {
                throw new MalformedContentException("too many boxes", offset: pos, location: parent.Path);
            }

            if (end - pos < 8)
            {
                if (depth == 0)
                {
                    throw new MalformedContentException($"{end - pos} stray bytes at the end of the file", offset: pos, location: "/");
                }

                return; // some writers leave a 4-byte zero terminator in containers (e.g. udta)
            }

            var read = AssetStream.ReadUpTo(asset, pos, header[..(int)Math.Min(32, end - pos)]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Type(header.Slice(4, 4));
            var headerLength = 8;
            if (size == 1)
            {
                if (read < 16)
                {
                    throw new MalformedContentException("truncated 64-bit box size", offset: pos, location: parent.Path + "/" + type);
                }

                var large = BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
                size = large > long.MaxValue ? long.MaxValue : (long)large;
                headerLength = 16;
            }
            else if (size == 0)
            {
                size = end - pos; // extends to the end of the enclosing box or file
            }

            var userType = ReadOnlyMemory<byte>.Empty;
            if (type == "uuid")
            {
                if (read < headerLength + 16)
                {
                    throw new MalformedContentException("truncated uuid box", offset: pos, location: parent.Path + "/uuid");
                }

                userType = header.Slice(headerLength, 16).ToArray();
                headerLength += 16;
            }

            var path = parent.Path + "/" + type;
            if (size < headerLength || size > end - pos)
            {
                throw new MalformedContentException($"box '{type}' of {size} bytes does not fit its container ({end - pos} bytes left)", offset: pos, location: path);
            }

            var box = new BmffBox { Type = type, UserType = userType, Offset = pos, Size = size, HeaderLength = headerLength, Path = path, Parent = parent };
            parent.Add(box);
            if (Containers.Contains(type))
            {
                var childStart = pos + headerLength;
                if (type == "meta" && IsFullBoxMeta(asset, childStart, pos + size))
                {
                    childStart += 4; // ISO meta is a FullBox; QuickTime meta is not
                }

                ReadChildren(asset, box, childStart, pos + size, depth + 1, ref count, cancellationToken);
            }

            pos += size;
        }
    }

    private static bool IsFullBoxMeta(Stream asset, long start, long end)
    {
        if (end - start < 12)
        {
            return end - start >= 4;
        }

        Span<byte> b = stackalloc byte[8];
        AssetStream.ReadAt(asset, start + 4, b, "meta");
        return !b[..4].SequenceEqual("hdlr"u8); // QuickTime: a box type follows the size directly
    }

    private static string Type(ReadOnlySpan<byte> fourCc)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            chars[i] = fourCc[i] is >= 0x20 and <= 0x7E ? (char)fourCc[i] : '?';
        }

        return new string(chars);
    }

    /// <summary>The <c>box_purpose</c> string of a C2PA uuid box.</summary>
    public static string ReadPurpose(Stream asset, BmffBox box)
    {
        Span<byte> buffer = stackalloc byte[4 + MaxPurposeLength];
        var available = (int)Math.Min(buffer.Length, box.End - box.DataOffset);
        var read = AssetStream.ReadUpTo(asset, box.DataOffset, buffer[..available]);
        var text = buffer[4..Math.Max(4, read)];
        var nul = text.IndexOf((byte)0);
        if (read < 5 || nul < 0)
        {
            throw new MalformedContentException("C2PA uuid box without a NUL-terminated box_purpose", ValidationStatusCodes.AssertionBmffHashMalformed, box.Offset, box.Path);
        }

        return Encoding.UTF8.GetString(text[..nul]);
    }
}
