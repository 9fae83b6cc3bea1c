using System.Buffers;
using System.Security.Cryptography;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Bindings;

/// <summary>
/// Hashes a stream by streaming it through a pooled buffer, skipping excluded ranges: the asset is
/// never loaded whole, and memory stays constant whatever the file size.
/// </summary>
internal static class RangeHasher
{
    private const int BufferSize = 1 << 20;

    /// <summary>
    /// Hashes every byte of <paramref name="stream"/> from 0 to <paramref name="length"/> except those
    /// in <paramref name="exclusions"/>, which must be sorted, non-overlapping and inside the stream.
    /// </summary>
    public static byte[] HashExcluding(Stream stream, long length, IReadOnlyList<ByteRange> exclusions,
        HashAlgorithmName algorithm, CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        var position = 0L;
        foreach (var exclusion in exclusions)
        {
            Append(hash, stream, new ByteRange(position, exclusion.Start - position), cancellationToken);
            position = exclusion.End;
        }

        Append(hash, stream, new ByteRange(position, length - position), cancellationToken);
        return hash.GetHashAndReset();
    }

    /// <summary>Hashes the bytes of one range.</summary>
    public static byte[] HashRange(Stream stream, ByteRange range, HashAlgorithmName algorithm,
        CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        Append(hash, stream, range, cancellationToken);
        return hash.GetHashAndReset();
    }

    /// <summary>Feeds the bytes of <paramref name="range"/> into <paramref name="hash"/>.</summary>
    public static void Append(IncrementalHash hash, Stream stream, ByteRange range, CancellationToken cancellationToken)
    {
        if (range.Length <= 0)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            stream.Position = range.Start;
            var remaining = range.Length;
            while (remaining > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    throw new MalformedContentException($"the asset ends before byte {range.End}",
                        ValidationStatusCodes.AssertionDataHashMismatch, stream.Position);
                }

                hash.AppendData(buffer, 0, read);
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
