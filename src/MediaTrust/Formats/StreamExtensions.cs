using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Formats;

/// <summary>Exact reads that turn a short stream into a <see cref="MalformedContentException"/>.</summary>
internal static class StreamExtensions
{
    /// <summary>Fills <paramref name="buffer"/> or throws a truncation error naming <paramref name="what"/>.</summary>
    public static void ReadExactly(this Stream stream, Span<byte> buffer, string what)
    {
        var offset = stream.Position;
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
        {
            throw new MalformedContentException(
                $"truncated file: {what} needs {buffer.Length} bytes, {read} remain", ValidationStatusCodes.GeneralError, offset, what);
        }
    }

    /// <summary>Copies exactly <paramref name="count"/> bytes from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public static void CopyBytes(this Stream source, Stream destination, long count, CancellationToken cancellationToken = default)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
                if (read == 0)
                {
                    throw new MalformedContentException("truncated file while copying", ValidationStatusCodes.GeneralError, source.Position);
                }

                destination.Write(buffer, 0, read);
                count -= read;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Merges adjacent ranges (a store split over contiguous segments is one exclusion).</summary>
    public static List<ByteRange> MergeAdjacent(IEnumerable<ByteRange> ranges)
    {
        var merged = new List<ByteRange>();
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && merged[^1].End == range.Start)
            {
                merged[^1] = new ByteRange(merged[^1].Start, merged[^1].Length + range.Length);
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }
}
