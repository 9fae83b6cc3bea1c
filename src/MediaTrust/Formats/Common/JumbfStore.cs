using System.Buffers.Binary;
using MediaTrust.IO;

namespace MediaTrust.Formats.Common;

/// <summary>
/// The minimum a container needs to know about the JUMBF it carries: the outer superbox is a <c>jumb</c>
/// box (ISO/IEC 19566-5 A.2; spec 2.2 §11.1.4.2) and its LBox says how long the store is. Parsing the
/// store itself is the JUMBF reader's job.
/// </summary>
internal static class JumbfStore
{
    /// <summary>Whether <paramref name="bytes"/> begin with a <c>jumb</c> box header.</summary>
    public static bool StartsWithSuperbox(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 8 && bytes[4..8].SequenceEqual("jumb"u8);

    /// <summary>
    /// Checks that a carriage payload is a JUMBF superbox and returns exactly the superbox (trailing padding,
    /// which BMFF allows after the store, spec 2.2 §A.5.3, is cut off).
    /// </summary>
    public static ReadOnlyMemory<byte> RequireStore(ReadOnlyMemory<byte> payload, long offset, string location)
    {
        var span = payload.Span;
        if (!StartsWithSuperbox(span))
        {
            throw new MalformedContentException("the manifest store carriage does not hold a JUMBF superbox", offset: offset, location: location);
        }

        long length = BinaryPrimitives.ReadUInt32BigEndian(span);
        if (length == 1)
        {
            if (span.Length < 16)
            {
                throw new MalformedContentException("truncated JUMBF XLBox", offset: offset, location: location);
            }

            length = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(span[8..]), long.MaxValue);
        }
        else if (length == 0)
        {
            length = span.Length;
        }

        if (length < 8 || length > span.Length)
        {
            throw new MalformedContentException($"JUMBF superbox length {length} does not fit the {span.Length}-byte carriage", offset: offset, location: location);
        }

        return payload[..(int)length];
    }
}
