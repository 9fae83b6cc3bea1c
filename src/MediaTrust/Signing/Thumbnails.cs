using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;

namespace MediaTrust.Signing;

/// <summary>
/// Makes claim and ingredient thumbnails (spec 2.2 §18.17) with SixLabors.ImageSharp 2.1, a
/// managed decoder for JPEG, PNG, GIF, BMP, TIFF, WebP, TGA and PBM. Anything it cannot decode
/// gets no thumbnail: a thumbnail is optional and never a reason to fail signing.
/// </summary>
internal static class Thumbnails
{
    /// <summary>The default long edge of a thumbnail, in pixels.</summary>
    public const int DefaultLongEdge = 1024;

    /// <summary>Images above this many pixels are not decoded (a decompression bomb would need gigabytes).</summary>
    private const long MaxPixels = 100_000_000;

    /// <summary>
    /// A JPEG thumbnail of the image in <paramref name="asset"/> whose long edge is at most
    /// <paramref name="longEdge"/>, or null when the asset is not an image ImageSharp decodes.
    /// The stream's position is restored.
    /// </summary>
    public static (byte[] Bytes, string MediaType)? Create(Stream asset, int longEdge = DefaultLongEdge)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var start = asset.Position;
        try
        {
            var info = Image.Identify(asset);
            if (info is null || (long)info.Width * info.Height > MaxPixels || info.Width == 0 || info.Height == 0)
            {
                return null;
            }

            asset.Position = start;
            using var image = Image.Load(asset);
            image.Mutate(x => x.AutoOrient());
            if (Math.Max(image.Width, image.Height) > longEdge)
            {
                image.Mutate(x => x.Resize(new ResizeOptions { Mode = ResizeMode.Max, Size = new Size(longEdge, longEdge) }));
            }

            using var output = new MemoryStream();
            image.SaveAsJpeg(output, new JpegEncoder { Quality = 80 });
            return (output.ToArray(), "image/jpeg");
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            // ImageSharp 2.x does not always turn a damaged image into its own exceptions: NullReference,
            // IndexOutOfRange, ArgumentOutOfRange and InvalidOperation escape from its decoders (found by
            // SigningMutationTests). Whatever the decoder throws, the asset simply gets no thumbnail.
            return null;
        }
        finally
        {
            asset.Position = start;
        }
    }
}
