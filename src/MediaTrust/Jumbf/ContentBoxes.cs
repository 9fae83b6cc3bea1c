using System.Text;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Jumbf;

/// <summary>An embedded file description box (<c>bfdb</c>, ISO/IEC 19566-5 §B.5): media type and optional file name.</summary>
/// <param name="MediaType">The IANA media type of the file in the <c>bidb</c> box.</param>
/// <param name="FileName">The file name, when the toggles say it is present.</param>
/// <param name="IsExternal">Whether the data box holds a URL to the file rather than the file.</param>
internal sealed record EmbeddedFileDescription(string MediaType, string? FileName, bool IsExternal)
{
    private const byte FileNamePresent = 0x01;
    private const byte ExternalReference = 0x02;

    /// <summary>Decodes a <c>bfdb</c> box.</summary>
    public static EmbeddedFileDescription Decode(JumbfBox box)
    {
        var span = box.Content.Span;
        var offset = box.Offset + box.HeaderLength;
        if (span.Length < 2)
        {
            throw new MalformedContentException("bfdb box is too short", ValidationStatusCodes.GeneralError, offset, box.Path);
        }

        var toggles = span[0];
        var mediaType = ReadString(span, 1, offset, box, out var next);
        string? fileName = null;
        if ((toggles & FileNamePresent) != 0)
        {
            fileName = ReadString(span, next, offset, box, out _);
        }

        return new EmbeddedFileDescription(mediaType, fileName, (toggles & ExternalReference) != 0);
    }

    /// <summary>The <c>bfdb</c> payload for a media type and optional file name.</summary>
    public static byte[] Encode(string mediaType, string? fileName = null)
    {
        var bytes = new List<byte> { (byte)(fileName is null ? 0 : FileNamePresent) };
        bytes.AddRange(Encoding.UTF8.GetBytes(mediaType));
        bytes.Add(0);
        if (fileName is not null)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(fileName));
            bytes.Add(0);
        }

        return [.. bytes];
    }

    private static string ReadString(ReadOnlySpan<byte> span, int start, long offset, JumbfBox box, out int next)
    {
        if (start > span.Length)
        {
            throw new MalformedContentException("bfdb box is truncated", ValidationStatusCodes.GeneralError, offset + start, box.Path);
        }

        var end = span[start..].IndexOf((byte)0);
        if (end < 0)
        {
            // Some writers omit the final terminator; the string then runs to the end of the box.
            next = span.Length;
            return Encoding.UTF8.GetString(span[start..]);
        }

        next = start + end + 1;
        return Encoding.UTF8.GetString(span.Slice(start, end));
    }
}
