using System.Buffers;
using System.Buffers.Binary;
using MediaTrust.IO;

namespace MediaTrust.Formats.Common;

/// <summary>
/// Bounded reads and copies over a seekable asset stream. Every read either returns exactly the bytes
/// asked for or throws <see cref="MalformedContentException"/>: a truncated file is bad input, never an
/// <see cref="EndOfStreamException"/>.
/// </summary>
internal static class AssetStream
{
    private const int CopyBufferLength = 81920;

    /// <summary>Throws unless the stream can seek and read (every format reads headers then seeks past data).</summary>
    public static void RequireSeekable(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("The asset stream must be readable and seekable.", nameof(stream));
        }
    }

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>.</summary>
    public static void ReadAt(Stream stream, long offset, Span<byte> buffer, string location)
    {
        if (offset < 0 || offset > stream.Length - buffer.Length)
        {
            throw new MalformedContentException($"{buffer.Length} bytes needed past the end of the asset", offset: offset, location: location);
        }

        stream.Position = offset;
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read != buffer.Length)
        {
            throw new MalformedContentException($"asset ends after {read} of {buffer.Length} bytes", offset: offset, location: location);
        }
    }

    /// <summary>
    /// Reads at most <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>, fewer at the end of the
    /// stream; returns how many were read.
    /// </summary>
    public static int ReadUpTo(Stream stream, long offset, Span<byte> buffer)
    {
        if (offset >= stream.Length)
        {
            return 0;
        }

        stream.Position = offset;
        return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
    }

    /// <summary>
    /// Reads <paramref name="length"/> bytes into a new array after checking the length against the end of the
    /// asset and against <paramref name="maxLength"/> (so a lying length field never drives an allocation).
    /// </summary>
    public static byte[] ReadBytes(Stream stream, long offset, long length, string location, int maxLength = FormatLimits.MaxStoreLength)
    {
        if (length < 0 || length > maxLength)
        {
            throw new MalformedContentException($"length {length} exceeds the limit of {maxLength} bytes", offset: offset, location: location);
        }

        if (offset < 0 || offset > stream.Length - length)
        {
            throw new MalformedContentException($"{length} bytes at offset {offset} run past the end of the asset ({stream.Length} bytes)", offset: offset, location: location);
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)length); // ReadAt fills every byte or throws
        ReadAt(stream, offset, bytes, location);
        return bytes;
    }

    public static uint ReadUInt32BigEndian(Stream stream, long offset, string location)
    {
        Span<byte> b = stackalloc byte[4];
        ReadAt(stream, offset, b, location);
        return BinaryPrimitives.ReadUInt32BigEndian(b);
    }

    public static ulong ReadUInt64BigEndian(Stream stream, long offset, string location)
    {
        Span<byte> b = stackalloc byte[8];
        ReadAt(stream, offset, b, location);
        return BinaryPrimitives.ReadUInt64BigEndian(b);
    }

    /// <summary>Copies <paramref name="length"/> bytes from <paramref name="offset"/> of <paramref name="source"/> to the end of <paramref name="destination"/>.</summary>
    public static void CopyRange(Stream source, long offset, long length, Stream destination, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return;
        }

        if (offset < 0 || length < 0 || offset > source.Length - length)
        {
            throw new MalformedContentException($"{length} bytes at offset {offset} run past the end of the asset", offset: offset);
        }

        source.Position = offset;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(CopyBufferLength, length));
        try
        {
            var remaining = length;
            while (remaining > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = (int)Math.Min(buffer.Length, remaining);
                var read = source.ReadAtLeast(buffer.AsSpan(0, chunk), chunk, throwOnEndOfStream: false);
                if (read != chunk)
                {
                    throw new MalformedContentException("asset ended while copying", offset: source.Position);
                }

                destination.Write(buffer, 0, chunk);
                remaining -= chunk;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Copies everything from <paramref name="offset"/> to the end of <paramref name="source"/>.</summary>
    public static void CopyToEnd(Stream source, long offset, Stream destination, CancellationToken cancellationToken) =>
        CopyRange(source, offset, source.Length - offset, destination, cancellationToken);

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/> of a seekable stream (used by in-place patching).</summary>
    public static void WriteAt(Stream stream, long offset, ReadOnlySpan<byte> data)
    {
        if (!stream.CanSeek || !stream.CanWrite)
        {
            throw new ArgumentException("Patching needs a writable, seekable stream.", nameof(stream));
        }

        stream.Position = offset;
        stream.Write(data);
    }
}
