using System.Buffers;
using System.IO.Compression;
using MediaTrust.IO;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Manifests;

/// <summary>Brotli decompression with a hard output bound, so a small bomb cannot exhaust memory.</summary>
internal static class BoundedBrotli
{
    /// <summary>Largest decompressed manifest accepted, and the total for all compressed manifests of one store (docs/robustness.md).</summary>
    public const int MaxOutput = 32 * 1024 * 1024;

    public static byte[] Decompress(ReadOnlySpan<byte> compressed, JumbfBox source, int maxOutput = MaxOutput)
    {
        using var decoder = new BrotliDecoder();
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(compressed.Length * 4L, Math.Min(4096, maxOutput), maxOutput));
        var written = 0;
        try
        {
            while (true)
            {
                var status = decoder.Decompress(compressed, buffer.AsSpan(written, Math.Min(buffer.Length, maxOutput) - written), out var consumed, out var produced);
                compressed = compressed[consumed..];
                written += produced;
                switch (status)
                {
                    case OperationStatus.Done:
                        return buffer.AsSpan(0, written).ToArray();
                    case OperationStatus.DestinationTooSmall:
                        if (written >= maxOutput)
                        {
                            throw new MalformedContentException(
                                $"compressed manifest expands beyond {maxOutput} bytes", ValidationStatusCodes.ManifestCompressedInvalid, source.Offset, source.Path);
                        }

                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxOutput));
                        buffer.AsSpan(0, written).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                        break;
                    case OperationStatus.NeedMoreData:
                        throw new MalformedContentException("compressed manifest is truncated", ValidationStatusCodes.ManifestCompressedInvalid, source.Offset, source.Path);
                    default:
                        throw new MalformedContentException("compressed manifest is not valid Brotli", ValidationStatusCodes.ManifestCompressedInvalid, source.Offset, source.Path);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
