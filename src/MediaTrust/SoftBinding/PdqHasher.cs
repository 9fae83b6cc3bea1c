namespace MediaTrust.SoftBinding;

/// <summary>
/// Meta's PDQ perceptual hash (256 bits plus a 0–100 quality), written from the algorithm's description
/// (docs/soft-bindings.md): luminance, a tent-filter downsample to 64×64 (two passes of 1-D box filters per
/// axis, after Jarosz), a 2-D DCT keeping coefficients 1–16 in each direction, then one bit per coefficient
/// for "above the median". Rotations and mirrors permute and negate DCT coefficients, so the eight dihedral
/// variants come from one DCT (<see cref="Dihedral"/>). Arithmetic is single precision in the same order as
/// the reference, so equal pixels give equal hashes.
/// </summary>
internal static class PdqHasher
{
    /// <summary>The side of the downsampled image.</summary>
    private const int Side = 64;

    /// <summary>The side of the kept DCT block.</summary>
    private const int DctSide = 16;

    /// <summary>Smaller images hash to all zeros with quality 0, as in the reference.</summary>
    public const int MinDimension = 5;

    /// <summary>Rows 1–16 of the 64-point DCT-II matrix (row 0, the mean, carries no structure and is skipped).</summary>
    private static readonly float[] DctMatrix = BuildDctMatrix();

    /// <summary>Rec. 601 luma of 8-bit RGB, in single precision (the reference's coefficients).</summary>
    public static float Luma(byte r, byte g, byte b) => (0.299f * r) + (0.587f * g) + (0.114f * b);

    /// <summary>
    /// Hashes a luminance image (row-major, <paramref name="rows"/> × <paramref name="cols"/>); <paramref name="luma"/>
    /// is used as scratch space and overwritten.
    /// </summary>
    /// <returns>The 16×16 DCT block (row-major) and the quality.</returns>
    public static (float[] Dct, int Quality) Transform(float[] luma, int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(luma.Length, rows * cols);
        if (rows < MinDimension || cols < MinDimension)
        {
            return (new float[DctSide * DctSide], 0);
        }

        var small = new float[Side * Side];
        if (rows == Side && cols == Side)
        {
            Array.Copy(luma, small, Side * Side);
        }
        else
        {
            var scratch = new float[rows * cols];
            var windowAlongRows = WindowSize(cols);
            var windowAlongCols = WindowSize(rows);
            for (var pass = 0; pass < 2; pass++)
            {
                for (var i = 0; i < rows; i++)
                {
                    BoxFilter(luma, scratch, i * cols, 1, cols, windowAlongRows);
                }

                for (var j = 0; j < cols; j++)
                {
                    BoxFilter(scratch, luma, j, cols, rows, windowAlongCols);
                }
            }

            // Sample the centre of each of the 64×64 cells.
            for (var i = 0; i < Side; i++)
            {
                var row = (int)((i + 0.5) * rows / Side);
                for (var j = 0; j < Side; j++)
                {
                    small[(i * Side) + j] = luma[(row * cols) + (int)((j + 0.5) * cols / Side)];
                }
            }
        }

        return (Dct(small), Quality(small));
    }

    /// <summary>The 256-bit hash of a 16×16 DCT block: bit <c>16i + j</c> is set when coefficient (i, j) exceeds the median.</summary>
    /// <returns>32 bytes, most significant first: the order of the hash's usual hexadecimal form.</returns>
    public static byte[] Bits(ReadOnlySpan<float> dct)
    {
        // The median of 256 values as the reference takes it: the 128th smallest.
        var sorted = dct.ToArray();
        Array.Sort(sorted);
        var median = sorted[127];

        var hash = new byte[32];
        for (var k = 0; k < 256; k++)
        {
            if (dct[k] > median)
            {
                // Bit k lives in 16-bit word k / 16, and the hexadecimal form writes word 15 first.
                var word = k >> 4;
                var bit = k & 15;
                var index = ((15 - word) * 2) + (bit < 8 ? 1 : 0);
                hash[index] |= (byte)(1 << (bit & 7));
            }
        }

        return hash;
    }

    /// <summary>
    /// The DCT block of the image turned by <paramref name="variant"/>: a rotation or mirror of the pixels is a
    /// transposition of the block and a sign change of its odd-frequency rows or columns.
    /// </summary>
    public static float[] Dihedral(ReadOnlySpan<float> dct, PdqVariant variant)
    {
        var result = new float[DctSide * DctSide];
        for (var i = 0; i < DctSide; i++)
        {
            for (var j = 0; j < DctSide; j++)
            {
                var value = dct[(i * DctSide) + j];

                // Row index i and column j stand for frequencies i + 1 and j + 1: mirroring an axis negates the odd frequencies of it,
                // i.e. the even indices.
                var (transpose, negate) = variant switch
                {
                    PdqVariant.Original => (false, false),
                    PdqVariant.Rotate90 => (true, (j & 1) == 0),
                    PdqVariant.Rotate180 => (false, ((i + j) & 1) == 1),
                    PdqVariant.Rotate270 => (true, (i & 1) == 0),
                    PdqVariant.FlipX => (false, (i & 1) == 0),
                    PdqVariant.FlipY => (false, (j & 1) == 0),
                    PdqVariant.FlipPlus1 => (true, false),
                    PdqVariant.FlipMinus1 => (true, ((i + j) & 1) == 1),
                    _ => throw new ArgumentOutOfRangeException(nameof(variant)),
                };
                result[transpose ? (j * DctSide) + i : (i * DctSide) + j] = negate ? -value : value;
            }
        }

        return result;
    }

    /// <summary>
    /// The box-filter window along an axis of <paramref name="length"/> pixels: half a 64th of it, rounded up, so two
    /// passes together cover a whole cell of the 64×64 grid.
    /// </summary>
    private static int WindowSize(int length) => (length + (2 * Side) - 1) / (2 * Side);

    /// <summary>
    /// A 1-D box filter of <paramref name="window"/> samples centred on each output (the window is cut at both ends
    /// and the mean taken over what remains), as a running sum: add the sample entering, subtract the one leaving.
    /// </summary>
    private static void BoxFilter(float[] input, float[] output, int start, int stride, int length, int window)
    {
        var half = (window + 2) / 2;
        var sum = 0f;
        var count = 0;
        var right = start;
        var left = start;
        var outIndex = start;

        // Fill the window's right half before the first output.
        for (var i = 0; i < half - 1; i++)
        {
            sum += input[right];
            count++;
            right += stride;
        }

        // Outputs whose window is still growing.
        for (var i = 0; i < window - half + 1; i++)
        {
            sum += input[right];
            count++;
            output[outIndex] = sum / count;
            right += stride;
            outIndex += stride;
        }

        // Outputs with a full window.
        for (var i = 0; i < length - window; i++)
        {
            sum += input[right];
            sum -= input[left];
            output[outIndex] = sum / count;
            left += stride;
            right += stride;
            outIndex += stride;
        }

        // Outputs whose window shrinks at the end.
        for (var i = 0; i < half - 1; i++)
        {
            sum -= input[left];
            count--;
            output[outIndex] = sum / count;
            left += stride;
            outIndex += stride;
        }
    }

    /// <summary>
    /// The quality heuristic: the sum of the absolute vertical and horizontal steps between neighbouring cells of the
    /// 64×64 image, each scaled to 0–100 and truncated, divided by 90 and capped at 100. Flat images score low.
    /// </summary>
    private static int Quality(float[] small)
    {
        var sum = 0;
        for (var i = 0; i < Side - 1; i++)
        {
            for (var j = 0; j < Side; j++)
            {
                sum += Math.Abs((int)((small[(i * Side) + j] - small[((i + 1) * Side) + j]) * 100 / 255));
            }
        }

        for (var i = 0; i < Side; i++)
        {
            for (var j = 0; j < Side - 1; j++)
            {
                sum += Math.Abs((int)((small[(i * Side) + j] - small[(i * Side) + j + 1]) * 100 / 255));
            }
        }

        return Math.Min(100, sum / 90);
    }

    /// <summary>B = D · A · Dᵀ with D the 16×64 <see cref="DctMatrix"/>, summed in index order.</summary>
    private static float[] Dct(float[] a)
    {
        var t = new float[DctSide * Side];
        for (var i = 0; i < DctSide; i++)
        {
            for (var j = 0; j < Side; j++)
            {
                var sum = 0f;
                for (var k = 0; k < Side; k++)
                {
                    sum += DctMatrix[(i * Side) + k] * a[(k * Side) + j];
                }

                t[(i * Side) + j] = sum;
            }
        }

        var b = new float[DctSide * DctSide];
        for (var i = 0; i < DctSide; i++)
        {
            for (var j = 0; j < DctSide; j++)
            {
                var sum = 0f;
                for (var k = 0; k < Side; k++)
                {
                    sum += t[(i * Side) + k] * DctMatrix[(j * Side) + k];
                }

                b[(i * DctSide) + j] = sum;
            }
        }

        return b;
    }

    private static float[] BuildDctMatrix()
    {
        var matrix = new float[DctSide * Side];
        var scale = (float)Math.Sqrt(2.0 / Side);
        for (var i = 0; i < DctSide; i++)
        {
            for (var j = 0; j < Side; j++)
            {
                // The single-precision scale times the double-precision cosine, rounded once to single precision.
                matrix[(i * Side) + j] = (float)(scale * Math.Cos(Math.PI / 2.0 / Side * (i + 1) * ((2 * j) + 1)));
            }
        }

        return matrix;
    }
}

/// <summary>The eight rotations and mirrors of an image (the dihedral group of the square) that PDQ hashes from one DCT.</summary>
public enum PdqVariant
{
    /// <summary>The image as it is.</summary>
    Original,

    /// <summary>Turned 90° (counter-clockwise, as the reference names it).</summary>
    Rotate90,

    /// <summary>Turned 180°.</summary>
    Rotate180,

    /// <summary>Turned 270°.</summary>
    Rotate270,

    /// <summary>Mirrored top to bottom.</summary>
    FlipX,

    /// <summary>Mirrored left to right.</summary>
    FlipY,

    /// <summary>Mirrored about the main diagonal (transposed).</summary>
    FlipPlus1,

    /// <summary>Mirrored about the anti-diagonal.</summary>
    FlipMinus1,
}
