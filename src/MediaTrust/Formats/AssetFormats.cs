namespace MediaTrust.Formats;

/// <summary>The formats MediaTrust knows, found by magic bytes rather than by file name.</summary>
internal static class AssetFormats
{
    /// <summary>How many leading bytes <see cref="Detect(ReadOnlySpan{byte})"/> looks at.</summary>
    public const int HeaderLength = 1024;

    /// <summary>Every known format, most specific magic first.</summary>
    public static IReadOnlyList<IAssetFormat> All { get; } =
    [
        // Formats register here.
        Jpeg.JpegFormat.Instance,
        Png.PngFormat.Instance,
        Riff.RiffFormat.Wav,
        Riff.RiffFormat.Avi,
        Riff.RiffFormat.WebP,
        Gif.GifFormat.Instance,
        Bmff.BmffFormat.Instance,
        Tiff.TiffFormat.Instance,
        Flac.FlacFormat.Instance,
        Mp3.Mp3Format.Instance,
        Svg.SvgFormat.Instance,
        JpegXl.JpegXlFormat.Instance,
        Pdf.PdfFormat.Instance,
        Font.FontFormat.Instance,
        Sidecar.SidecarFormat.Instance,
    ];

    /// <summary>The format whose magic bytes match <paramref name="header"/>, or null.</summary>
    public static IAssetFormat? Detect(ReadOnlySpan<byte> header)
    {
        foreach (var format in All)
        {
            if (format.IsMatch(header))
            {
                return format;
            }
        }

        return null;
    }

    /// <summary>Reads up to <see cref="HeaderLength"/> bytes from the start of a seekable stream and detects its format; the stream is left at position 0.</summary>
    public static IAssetFormat? Detect(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[HeaderLength];
        stream.Position = 0;
        var read = stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        stream.Position = 0;
        return Detect(header[..read]);
    }
}
