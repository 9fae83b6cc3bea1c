namespace MediaTrust.SoftBinding;

/// <summary>
/// The ISCC Content-Code Image, algorithm v0 (ISO 24138; <c>io.iscc.v0</c> on the C2PA soft binding list), written from
/// its description (docs/soft-bindings.md). The image is normalised to 32×32 grey pixels (<see cref="Normalize"/>); a
/// 2-D DCT of them (a fast recursive DCT-II in double precision) gives a 32×32 block whose 8×8 sub-blocks at (0,0), (1,0),
/// (0,1) and (1,1) each give 64 bits, one per coefficient above the sub-block's median.
/// </summary>
internal static class IsccImageCode
{
    /// <summary>The side of the normalised image.</summary>
    public const int Side = 32;

    /// <summary>The bit length C2PA soft bindings carry (the ISCC default for image codes).</summary>
    public const int DefaultBits = 64;

    /// <summary>The grey that replaces transparency before the image is made grey (the ISCC's normalisation).</summary>
    public const byte TransparencyGrey = 126;

    /// <summary>A border pixel differs from the corner colour by more than this in some channel before it counts as content.</summary>
    public const int BorderTolerance = 100;

    /// <summary>The similarity digest of 1024 normalised pixels: <paramref name="bits"/> (64, 128, 192 or 256) bits, big-endian.</summary>
    public static byte[] SoftHash(ReadOnlySpan<byte> pixels, int bits = DefaultBits)
    {
        if (pixels.Length != Side * Side)
        {
            throw new ArgumentException($"an ISCC image hash needs {Side * Side} pixels, not {pixels.Length}", nameof(pixels));
        }

        if (bits is not (64 or 128 or 192 or 256))
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "64, 128, 192 or 256 bits");
        }

        // Rows, then columns.
        var matrix = new double[Side][];
        for (var row = 0; row < Side; row++)
        {
            var values = new double[Side];
            for (var col = 0; col < Side; col++)
            {
                values[col] = pixels[(row * Side) + col];
            }

            matrix[row] = Dct(values);
        }

        for (var col = 0; col < Side; col++)
        {
            var values = new double[Side];
            for (var row = 0; row < Side; row++)
            {
                values[row] = matrix[row][col];
            }

            var transformed = Dct(values);
            for (var row = 0; row < Side; row++)
            {
                matrix[row][col] = transformed[row];
            }
        }

        var digest = new byte[bits / 8];
        var bit = 0;
        foreach (var (x, y) in new[] { (0, 0), (1, 0), (0, 1), (1, 1) })
        {
            var block = new double[64];
            for (var r = 0; r < 8; r++)
            {
                for (var c = 0; c < 8; c++)
                {
                    block[(r * 8) + c] = matrix[y + r][x + c];
                }
            }

            var sorted = (double[])block.Clone();
            Array.Sort(sorted);
            var median = (sorted[31] + sorted[32]) / 2;
            foreach (var value in block)
            {
                if (value > median)
                {
                    digest[bit / 8] |= (byte)(0x80 >> (bit % 8));
                }

                bit++;
            }

            if (bit >= bits)
            {
                break;
            }
        }

        return digest;
    }

    /// <summary>
    /// The binary ISCC unit: the 2-byte header (main type CONTENT, subtype IMAGE, version 0, length) and the digest.
    /// This is the value a <c>io.iscc.v0</c> soft binding carries (docs/soft-bindings.md).
    /// </summary>
    public static byte[] Unit(ReadOnlySpan<byte> digest)
    {
        if (digest.Length is not (8 or 16 or 24 or 32))
        {
            throw new ArgumentException("an image digest is 64, 128, 192 or 256 bits", nameof(digest));
        }

        // Four 4-bit fields, each below 8 so one nibble each: main type 2 (content), subtype 1 (image), version 0,
        // length = bits / 32 - 1.
        var unit = new byte[2 + digest.Length];
        unit[0] = 0x21;
        unit[1] = (byte)((digest.Length * 8 / 32) - 1);
        digest.CopyTo(unit.AsSpan(2));
        return unit;
    }

    /// <summary>The canonical text form, <c>ISCC:</c> followed by the unit in RFC 4648 base32 without padding.</summary>
    public static string ToText(ReadOnlySpan<byte> unit)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var text = new System.Text.StringBuilder("ISCC:");
        var buffer = 0;
        var count = 0;
        foreach (var b in unit)
        {
            buffer = (buffer << 8) | b;
            count += 8;
            while (count >= 5)
            {
                text.Append(alphabet[(buffer >> (count - 5)) & 31]);
                count -= 5;
            }
        }

        if (count > 0)
        {
            text.Append(alphabet[(buffer << (5 - count)) & 31]);
        }

        return text.ToString();
    }

    /// <summary>
    /// Normalises an RGBA image (row-major, already turned upright by its EXIF orientation) to 32×32 grey pixels:
    /// transparency over grey 126, uniform borders (the corner colour) cropped, grey by ITU-R 601-2 in 16-bit fixed
    /// point, then a bicubic resize (a = −0.5, the kernel widened by the scale when shrinking, coefficients in 22-bit
    /// fixed point; horizontal pass first, over the rows the vertical pass needs).
    /// </summary>
    public static byte[] Normalize(ReadOnlySpan<byte> rgba, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rgba.Length, width * height * 4);
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            Composite(rgba[(i * 4)..((i * 4) + 4)], rgb.AsSpan(i * 3, 3));
        }

        return NormalizeTurns(rgb, width, height, 1)[0];
    }

    /// <summary>Lays one RGBA pixel over the transparency grey, rounded, into <paramref name="rgb"/>.</summary>
    public static void Composite(ReadOnlySpan<byte> rgba, Span<byte> rgb)
    {
        var a = rgba[3];
        for (var c = 0; c < 3; c++)
        {
            var v = rgba[c];
            rgb[c] = a == 255 ? v : (byte)(((v * a) + (TransparencyGrey * (255 - a)) + 127) / 255);
        }
    }

    /// <summary>
    /// The normalised 32×32 pixels of the first <paramref name="turns"/> of the image's eight rotations and mirrors
    /// (numbered as <see cref="TurnedSource"/>), each exactly what <see cref="Normalize"/> gives for the turned image: the
    /// border is cropped against the turned image's own top-left colour, and the turned crop is resized horizontally
    /// first. Turning the 32×32 result instead is not equivariant (the corner and the pass order change), which left
    /// turned copies 12–30 bits away (docs/soft-bindings.md). <paramref name="rgb"/> is composited already (3 bytes a
    /// pixel); the grey image and one buffer for the turned crop are all that is added.
    /// </summary>
    /// <param name="rgb">The composited image, 3 bytes a pixel, row-major.</param>
    /// <param name="width">Its width.</param>
    /// <param name="height">Its height.</param>
    /// <param name="turns">How many of the eight turns, from the first.</param>
    /// <param name="borderTolerances">
    /// The border tolerances to crop with; the first gives the first <paramref name="turns"/> results, and each other one
    /// adds the turns whose crop differs from every crop already resized (a query's probes: docs/soft-bindings.md).
    /// The official tolerance when not given.
    /// </param>
    public static List<byte[]> NormalizeTurns(byte[] rgb, int width, int height, int turns = 8, IReadOnlyList<int>? borderTolerances = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rgb.Length, width * height * 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(turns, 8);
        borderTolerances ??= [BorderTolerance];

        // The content box against each corner's colour (a turned image's top-left is one of the four corners), per tolerance.
        var corners = new[] { (0, 0), (0, width - 1), (height - 1, width - 1), (height - 1, 0) };
        var boxes = corners.Select(c => ContentBoxes(rgb, width, height, ((c.Item1 * width) + c.Item2) * 3, borderTolerances)).ToArray();
        var grey = new byte[width * height];
        for (var i = 0; i < grey.Length; i++)
        {
            var p = i * 3;
            grey[i] = (byte)(((rgb[p] * 19595) + (rgb[p + 1] * 38470) + (rgb[p + 2] * 7471) + 0x8000) >> 16);
        }

        byte[]? turned = null;
        var normalised = new List<byte[]>();
        var done = new HashSet<(int, (int, int, int, int))>();
        for (var t = 0; t < borderTolerances.Count; t++)
        {
            for (var v = 0; v < turns; v++)
            {
                var box = boxes[TopLeftCorner(v)][t];
                if (!done.Add((v, box)))
                {
                    continue;
                }

                var (left, top, right, bottom) = box;
                var w = right - left;
                var h = bottom - top;
                var transposed = v is 1 or 3 or 6 or 7;
                var (tw, th) = transposed ? (h, w) : (w, h);
                if (v == 0 && left == 0 && top == 0 && w == width)
                {
                    normalised.Add(Resize(grey, w, h, Side, Side));
                    continue;
                }

                turned ??= new byte[width * height];
                for (var y = 0; y < th; y++)
                {
                    for (var x = 0; x < tw; x++)
                    {
                        var (sy, sx) = TurnedSource(v, y, x, w, h);
                        turned[(y * tw) + x] = grey[((top + sy) * width) + left + sx];
                    }
                }

                var resized = Resize(turned, tw, th, Side, Side);

                // A 32×32 crop comes back as the buffer itself, which the next turn overwrites.
                normalised.Add(ReferenceEquals(resized, turned) ? turned[..(Side * Side)] : resized);
            }
        }

        return normalised;
    }

    /// <summary>
    /// Where pixel (<paramref name="y"/>, <paramref name="x"/>) of turn <paramref name="variant"/> of a
    /// <paramref name="width"/>×<paramref name="height"/> image comes from: 0 as is, 1 a quarter turn anticlockwise,
    /// 2 a half turn, 3 a quarter turn clockwise, 4 flipped top to bottom, 5 mirrored left to right, 6 transposed, 7 the
    /// other diagonal. Variants 1, 3, 6 and 7 are <paramref name="height"/> wide.
    /// </summary>
    public static (int Y, int X) TurnedSource(int variant, int y, int x, int width, int height) => variant switch
    {
        0 => (y, x),
        1 => (x, width - 1 - y),
        2 => (height - 1 - y, width - 1 - x),
        3 => (height - 1 - x, y),
        4 => (height - 1 - y, x),
        5 => (y, width - 1 - x),
        6 => (x, y),
        _ => (height - 1 - x, width - 1 - y),
    };

    /// <summary>Which corner (0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left) becomes the top-left of the turn.</summary>
    private static int TopLeftCorner(int variant) => variant switch
    {
        0 or 6 => 0,
        1 or 5 => 1,
        2 or 7 => 2,
        _ => 3,
    };

    /// <summary>
    /// Per tolerance, the box of pixels that differ from the colour at <paramref name="reference"/> by more than it in some
    /// channel; the whole image when none does. One pass for all tolerances.
    /// </summary>
    private static (int Left, int Top, int Right, int Bottom)[] ContentBoxes(byte[] rgb, int width, int height, int reference, IReadOnlyList<int> tolerances)
    {
        var n = tolerances.Count;
        var (left, top, right, bottom) = (new int[n], new int[n], new int[n], new int[n]);
        Array.Fill(left, width);
        Array.Fill(top, height);
        var (r0, g0, b0) = (rgb[reference], rgb[reference + 1], rgb[reference + 2]);
        var lowest = tolerances.Min();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = ((y * width) + x) * 3;
                var difference = Math.Max(Math.Abs(rgb[p] - r0), Math.Max(Math.Abs(rgb[p + 1] - g0), Math.Abs(rgb[p + 2] - b0)));
                if (difference <= lowest)
                {
                    continue;
                }

                for (var t = 0; t < n; t++)
                {
                    if (difference > tolerances[t])
                    {
                        left[t] = Math.Min(left[t], x);
                        top[t] = Math.Min(top[t], y);
                        right[t] = Math.Max(right[t], x + 1);
                        bottom[t] = Math.Max(bottom[t], y + 1);
                    }
                }
            }
        }

        return [.. Enumerable.Range(0, n).Select(t => right[t] > left[t] ? (left[t], top[t], right[t], bottom[t]) : (0, 0, width, height))];
    }

    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Bicubic resize of an 8-bit grey image, separable, in fixed point.</summary>
    internal static byte[] Resize(byte[] input, int width, int height, int outWidth, int outHeight)
    {
        var (horizontalBounds, horizontalWeights, horizontalSize) = Coefficients(width, outWidth);
        var (verticalBounds, verticalWeights, verticalSize) = Coefficients(height, outHeight);

        // Only the rows the vertical pass reads are filtered horizontally.
        var firstRow = verticalBounds[0];
        var lastRow = verticalBounds[(outHeight * 2) - 2] + verticalBounds[(outHeight * 2) - 1];
        byte[] rows;
        int rowCount;
        if (width != outWidth)
        {
            rowCount = lastRow - firstRow;
            rows = new byte[outWidth * rowCount];
            for (var y = 0; y < rowCount; y++)
            {
                for (var x = 0; x < outWidth; x++)
                {
                    var start = horizontalBounds[x * 2];
                    var count = horizontalBounds[(x * 2) + 1];
                    long sum = 1 << (PrecisionBits - 1);
                    for (var k = 0; k < count; k++)
                    {
                        sum += input[((y + firstRow) * width) + start + k] * (long)horizontalWeights[(x * horizontalSize) + k];
                    }

                    rows[(y * outWidth) + x] = Clip(sum);
                }
            }

            for (var i = 0; i < outHeight; i++)
            {
                verticalBounds[i * 2] -= firstRow;
            }
        }
        else
        {
            rows = input;
            rowCount = height;
        }

        if (height == outHeight)
        {
            return rows;
        }

        var output = new byte[outWidth * outHeight];
        for (var y = 0; y < outHeight; y++)
        {
            var start = verticalBounds[y * 2];
            var count = verticalBounds[(y * 2) + 1];
            for (var x = 0; x < outWidth; x++)
            {
                long sum = 1 << (PrecisionBits - 1);
                for (var k = 0; k < count; k++)
                {
                    sum += rows[((start + k) * outWidth) + x] * (long)verticalWeights[(y * verticalSize) + k];
                }

                output[(y * outWidth) + x] = Clip(sum);
            }
        }

        return output;
    }

    private static byte Clip(long sum) =>
        sum >= (1L << PrecisionBits) * 256 ? (byte)255 : sum <= 0 ? (byte)0 : (byte)(sum >> PrecisionBits);

    /// <summary>Per output sample: the first input sample, the count, and the fixed-point weights of the bicubic kernel.</summary>
    private static (int[] Bounds, int[] Weights, int Size) Coefficients(int inSize, int outSize)
    {
        const double support = 2.0;
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var scaledSupport = support * filterScale;
        var size = ((int)Math.Ceiling(scaledSupport) * 2) + 1;
        var bounds = new int[outSize * 2];
        var weights = new int[outSize * size];
        var kernel = new double[size];
        for (var o = 0; o < outSize; o++)
        {
            var center = (o + 0.5) * scale;
            var min = Math.Max(0, (int)(center - scaledSupport + 0.5));
            var max = Math.Min(inSize, (int)(center + scaledSupport + 0.5)) - min;
            var total = 0.0;
            for (var k = 0; k < max; k++)
            {
                kernel[k] = Bicubic((k + min - center + 0.5) / filterScale);
                total += kernel[k];
            }

            for (var k = 0; k < max; k++)
            {
                var w = total != 0.0 ? kernel[k] / total : kernel[k];
                weights[(o * size) + k] = (int)(w < 0 ? -0.5 + (w * (1 << PrecisionBits)) : 0.5 + (w * (1 << PrecisionBits)));
            }

            bounds[o * 2] = min;
            bounds[(o * 2) + 1] = max;
        }

        return (bounds, weights, size);
    }

    private static double Bicubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        return x < 1.0 ? ((((a + 2.0) * x) - (a + 3.0)) * x * x) + 1
            : x < 2.0 ? ((((x - 5) * x) + 8) * x - 4) * a
            : 0.0;
    }

    /// <summary>
    /// The DCT-II of a vector whose length is a power of two, by Lee's recursive halving (sums and scaled differences of
    /// mirrored pairs), unnormalised: the form the ISCC reference computes, so its rounding is reproduced.
    /// </summary>
    private static double[] Dct(double[] v)
    {
        var n = v.Length;
        if (n == 1)
        {
            return [v[0]];
        }

        var half = n / 2;
        var alpha = new double[half];
        var beta = new double[half];
        for (var i = 0; i < half; i++)
        {
            alpha[i] = v[i] + v[n - 1 - i];
            beta[i] = (v[i] - v[n - 1 - i]) / (Math.Cos((i + 0.5) * Math.PI / n) * 2.0);
        }

        alpha = Dct(alpha);
        beta = Dct(beta);
        var result = new double[n];
        for (var i = 0; i < half - 1; i++)
        {
            result[i * 2] = alpha[i];
            result[(i * 2) + 1] = beta[i] + beta[i + 1];
        }

        result[n - 2] = alpha[half - 1];
        result[n - 1] = beta[half - 1];
        return result;
    }
}
