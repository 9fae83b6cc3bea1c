using System.Numerics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace MediaTrust.SoftBinding;

/// <summary>
/// The fingerprints MediaTrust computes from an image's pixels for soft bindings (spec 2.4 §18.10): Meta's PDQ under
/// <see cref="PdqAlgorithm"/> (with its eight rotations and mirrors) and the ISCC Content-Code Image under
/// <see cref="IsccAlgorithm"/>. Decoding is by SixLabors.ImageSharp (JPEG, PNG, GIF, BMP, TIFF, WebP, TGA, PBM); the
/// first frame of an animation is used. Values and their encodings: docs/soft-bindings.md.
/// </summary>
/// <param name="Pdq">The 256-bit PDQ hash, 32 bytes in the order of its usual hexadecimal form.</param>
/// <param name="PdqQuality">PDQ's quality, 0–100; hashes of quality below 50 match poorly and are best not relied on.</param>
/// <param name="PdqVariants">The PDQ hashes of the image's eight rotations and mirrors, indexed by <see cref="PdqVariant"/> (the first is <paramref name="Pdq"/>).</param>
/// <param name="Iscc">The binary ISCC Content-Code Image unit (2-byte header and 64-bit digest).</param>
public sealed record ImageFingerprints(byte[] Pdq, int PdqQuality, IReadOnlyList<byte[]> PdqVariants, byte[] Iscc)
{
    /// <summary>
    /// ISCC units to query with (the first is <see cref="Iscc"/>): the codes of the image's eight rotations and mirrors,
    /// each normalised in full as the turned file would be (the ISCC has no dihedral form of its own, and a recovered copy
    /// may have been turned, or stripped of the EXIF orientation the signed code was computed with), then those of
    /// border crops with a tolerance 10% and 20% either side of the official one where that crops differently.
    /// </summary>
    public IReadOnlyList<byte[]> IsccVariants { get; init; } = [Iscc];

    /// <summary>The soft binding <c>alg</c> of PDQ in MediaTrust's namespace (PDQ is not on the C2PA list).</summary>
    public const string PdqAlgorithm = "mediatrust.pdq.v1";

    /// <summary>The soft binding <c>alg</c> of the ISCC Content-Code on the C2PA list.</summary>
    public const string IsccAlgorithm = "io.iscc.v0";

    /// <summary>The default cap on decoded pixels: 50 megapixels (a phone camera's full resolution is 12–50).</summary>
    public const long DefaultMaxPixels = 50_000_000;

    /// <summary>
    /// The border tolerances of the ISCC probes: the official 100 first, then ±10% and ±20%. The ISCC crops every pixel
    /// within 100 of the corner colour off the edges, so where an image's edges hold colours near that bound, a
    /// re-encode or a brightness change moves the crop and the code (14–24 bits on two corpus photos); the crop of the
    /// signed original is one of these for such a copy (docs/soft-bindings.md). A probe is added only when its crop
    /// differs from every one computed already, so most photos cost nothing more.
    /// </summary>
    private static readonly int[] IsccBorderProbes = [IsccImageCode.BorderTolerance, 90, 110, 80, 120];

    private static readonly Configuration FirstFrameOnly = CreateConfiguration();

    /// <summary>The ISCC code in its text form, e.g. <c>ISCC:EEA…</c>.</summary>
    public string IsccText => IsccImageCode.ToText(Iscc);

    /// <summary>The PDQ hash as 64 hexadecimal digits.</summary>
    public string PdqHex => Convert.ToHexStringLower(Pdq);

    /// <summary>
    /// Decodes the image in <paramref name="image"/> and computes its fingerprints. The image's size is read from its
    /// header first, and an image of more than <paramref name="maxPixels"/> pixels is refused before anything is decoded.
    /// Memory: about 12 bytes per pixel at the peak (the decoded image, then two single-precision planes).
    /// </summary>
    /// <exception cref="UnknownFormatException">The data is not an image the decoder knows.</exception>
    /// <exception cref="MalformedContentException">The image is larger than <paramref name="maxPixels"/>, or damaged.</exception>
    public static ImageFingerprints Compute(Stream image, long maxPixels = DefaultMaxPixels)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var decoded = Decode(image, maxPixels);
        return FromImage(decoded);
    }

    /// <summary>Hamming distance between two fingerprints of equal length.</summary>
    public static int Distance(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("fingerprints of different lengths cannot be compared", nameof(b));
        }

        var distance = 0;
        for (var i = 0; i < a.Length; i++)
        {
            distance += BitOperations.PopCount((uint)(a[i] ^ b[i]));
        }

        return distance;
    }

    internal static ImageFingerprints FromImage(Image<Rgba32> image)
    {
        var width = image.Width;
        var height = image.Height;

        // PDQ reads the pixels as stored: its reference applies no EXIF orientation.
        var luma = new float[width * height];
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    luma[(y * width) + x] = PdqHasher.Luma(row[x].R, row[x].G, row[x].B);
                }
            }
        });
        var (dct, quality) = PdqHasher.Transform(luma, height, width);
        luma = null;
        var variants = Enum.GetValues<PdqVariant>().Select(v => PdqHasher.Bits(PdqHasher.Dihedral(dct, v))).ToArray();

        // The ISCC normalises the upright image (its first step is the EXIF transpose). Its variants are the codes of
        // the upright image's eight turns, each normalised as a file of that orientation would be: a copy stripped of its
        // orientation tag, or turned by a platform, then matches one of them (docs/soft-bindings.md).
        image.Mutate(x => x.AutoOrient());
        var (uprightWidth, uprightHeight) = (image.Width, image.Height);
        var rgb = new byte[uprightWidth * uprightHeight * 3];
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = System.Runtime.InteropServices.MemoryMarshal.AsBytes(accessor.GetRowSpan(y));
                for (var x = 0; x < uprightWidth; x++)
                {
                    IsccImageCode.Composite(row.Slice(x * 4, 4), rgb.AsSpan(((y * uprightWidth) + x) * 3, 3));
                }
            }
        });
        var isccVariants = IsccImageCode.NormalizeTurns(rgb, uprightWidth, uprightHeight, 8, IsccBorderProbes).Select(p => IsccImageCode.Unit(IsccImageCode.SoftHash(p))).ToArray();
        return new ImageFingerprints(variants[0], quality, variants, isccVariants[0]) { IsccVariants = isccVariants };
    }

    internal static Image<Rgba32> Decode(Stream image, long maxPixels)
    {
        var start = image.CanSeek ? image.Position : 0;
        IImageInfo? info;
        try
        {
            info = Image.Identify(FirstFrameOnly, image);
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw new MalformedContentException($"the image header cannot be read: {e.Message}", innerException: e);
        }

        if (info is null)
        {
            throw new UnknownFormatException("the data is not an image format the fingerprinting decoder knows (JPEG, PNG, GIF, BMP, TIFF, WebP, TGA, PBM)");
        }

        if ((long)info.Width * info.Height > maxPixels || info.Width <= 0 || info.Height <= 0)
        {
            throw new MalformedContentException($"the image is {info.Width}×{info.Height} pixels; at most {maxPixels:N0} pixels are decoded for fingerprints");
        }

        if (image.CanSeek)
        {
            image.Position = start;
        }

        try
        {
            return Image.Load<Rgba32>(FirstFrameOnly, image);
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            // ImageSharp 2.x lets NullReference, IndexOutOfRange and the like escape on damaged data (docs/architecture.md).
            throw new MalformedContentException($"the image cannot be decoded: {e.Message}", innerException: e);
        }
    }

    private static bool IsDecoderFailure(Exception e) => e is not (OperationCanceledException or OutOfMemoryException or MalformedContentException or UnknownFormatException);

    private static Configuration CreateConfiguration()
    {
        var configuration = Configuration.Default.Clone();
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        return configuration;
    }
}
