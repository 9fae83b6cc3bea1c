using System.Buffers;
using System.IO.Compression;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Pdf;

/// <summary>
/// The stream filters a C2PA reader needs (ISO 32000-2 §7.4): FlateDecode with PNG predictors (xref and object
/// streams, XMP), and the Identity crypt filter spec 2.2 §A.4.1 prescribes for manifest stores in encrypted PDFs.
/// Decoding is streamed and bounded twice: per stream by the caller's limit, and per document by a budget that
/// every stream read and every inflated byte is charged to (<see cref="FormatLimits.PdfDecodeBudget"/>), so a
/// zip bomb, or many of them, cost at most the limits (docs/robustness.md).
/// </summary>
internal static class PdfFilters
{
    /// <summary>Charges <paramref name="bytes"/> to the document's budget; throws once it is spent.</summary>
    public static void Charge(ref long budget, long bytes, long fileLength, long offset)
    {
        budget -= bytes;
        if (budget < 0)
        {
            throw BudgetSpent(fileLength, offset);
        }
    }

    public static byte[] Decode(byte[] raw, PdfDictionary dictionary, Func<object?, object?> resolve, int maxLength, long offset, ref long budget, long fileLength)
    {
        var filters = AsList(resolve(dictionary["Filter"]));
        var parameters = AsList(resolve(dictionary["DecodeParms"]));
        var data = raw;
        for (var i = 0; i < filters.Count; i++)
        {
            var parms = i < parameters.Count ? resolve(parameters[i]) as PdfDictionary : null;
            data = (resolve(filters[i]) as PdfName)?.Value switch
            {
                "FlateDecode" or "Fl" => Unpredict(Inflate(data, maxLength, offset, ref budget, fileLength), parms, resolve, offset),
                "Crypt" when parms is null || (resolve(parms["Name"]) as PdfName)?.Value is null or "Identity" => data,
                var other => throw new MalformedContentException($"unsupported stream filter {other ?? "(not a name)"}", offset: offset, location: "PDF"),
            };
        }

        return data;
    }

    private static List<object?> AsList(object? value) => value switch
    {
        null => [],
        List<object?> list => list,
        _ => [value],
    };

    private static MalformedContentException BudgetSpent(long fileLength, long offset) => new(
        $"the PDF's streams decode to more than {FormatLimits.PdfDecodeBudget(fileLength)} bytes together, the limit for a {fileLength}-byte file",
        offset: offset, location: "PDF");

    // Inflates into a buffer that grows by doubling up to the smaller of the stream limit and what is left of the
    // document's budget; a byte beyond that is an error, so a bomb is stopped after at most the limit.
    private static byte[] Inflate(byte[] raw, int maxLength, long offset, ref long budget, long fileLength)
    {
        var limit = (int)Math.Min(maxLength, Math.Max(0, budget));
        using var inflater = new ZLibStream(new MemoryStream(raw), CompressionMode.Decompress);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(raw.Length * 4L, 4096, Math.Max(4096, limit)));
        var written = 0;
        try
        {
            while (true)
            {
                var room = Math.Min(buffer.Length, limit) - written;
                if (room == 0)
                {
                    if (written < limit)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, limit));
                        buffer.AsSpan(0, written).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                        continue;
                    }

                    if (inflater.ReadByte() < 0)
                    {
                        break;
                    }

                    throw limit == maxLength
                        ? new MalformedContentException($"a FlateDecode stream inflates past the limit of {maxLength} bytes", offset: offset, location: "PDF")
                        : BudgetSpent(fileLength, offset);
                }

                var read = inflater.Read(buffer, written, room);
                if (read == 0)
                {
                    break;
                }

                written += read;
            }

            budget -= written;
            return buffer.AsSpan(0, written).ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // The source is a MemoryStream, so an IOException can only be zlib's: .NET reports a stream that asks for a
            // preset dictionary (FDICT) as ZLibException, an IOException, not InvalidDataException (fuzzing finding).
            throw new MalformedContentException("a FlateDecode stream is not valid zlib data (an encrypted stream?)", offset: offset, location: "PDF", innerException: e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Undoes the PNG predictors (ISO 32000-2 §7.4.4.4, Table 10; PNG filter types 0–4).</summary>
    private static byte[] Unpredict(byte[] data, PdfDictionary? parms, Func<object?, object?> resolve, long offset)
    {
        var predictor = parms is null ? 1 : resolve(parms["Predictor"]) as long? ?? 1;
        if (predictor == 1)
        {
            return data;
        }

        if (predictor < 10)
        {
            throw new MalformedContentException($"unsupported predictor {predictor}", offset: offset, location: "PDF");
        }

        var colors = resolve(parms!["Colors"]) as long? ?? 1;
        var bits = resolve(parms["BitsPerComponent"]) as long? ?? 8;
        var columns = resolve(parms["Columns"]) as long? ?? 1;
        if (colors is < 1 or > 32 || bits is not (1 or 2 or 4 or 8 or 16) || columns is < 1 or > 1 << 24)
        {
            throw new MalformedContentException("bad predictor parameters", offset: offset, location: "PDF");
        }

        var bpp = (int)Math.Max(1, colors * bits / 8);
        var rowLength = (int)((colors * bits * columns + 7) / 8);
        var rows = data.Length / (rowLength + 1);
        var output = new byte[rows * rowLength];
        for (var r = 0; r < rows; r++)
        {
            var type = data[r * (rowLength + 1)];
            var src = data.AsSpan((r * (rowLength + 1)) + 1, rowLength);
            var row = output.AsSpan(r * rowLength, rowLength);
            var previous = r == 0 ? Span<byte>.Empty : output.AsSpan((r - 1) * rowLength, rowLength);
            for (var i = 0; i < rowLength; i++)
            {
                int left = i >= bpp ? row[i - bpp] : 0;
                int up = previous.IsEmpty ? 0 : previous[i];
                int upLeft = i >= bpp && !previous.IsEmpty ? previous[i - bpp] : 0;
                row[i] = type switch
                {
                    0 => src[i],
                    1 => (byte)(src[i] + left),
                    2 => (byte)(src[i] + up),
                    3 => (byte)(src[i] + ((left + up) >> 1)),
                    4 => (byte)(src[i] + Paeth(left, up, upLeft)),
                    _ => throw new MalformedContentException($"bad PNG predictor type {type}", offset: offset, location: "PDF"),
                };
            }
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
