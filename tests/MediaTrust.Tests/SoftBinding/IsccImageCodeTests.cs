using System.Text.Json;
using SixLabors.ImageSharp.Processing;

namespace MediaTrust.SoftBinding;

public sealed class IsccImageCodeTests
{
    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var vector in Load().RootElement.GetProperty("vectors").EnumerateArray())
        {
            data.Add(vector.GetProperty("name").GetString()!);
        }

        return data;
    }

    private static JsonDocument Load() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Iscc", "gen_image_code_v0.json")));

    [Theory]
    [MemberData(nameof(Vectors))]
    public void The_official_conformance_vectors_give_the_official_codes(string name)
    {
        using var document = Load();
        var vector = document.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);
        var pixels = vector.GetProperty("pixels").EnumerateArray().Select(p => (byte)p.GetInt32()).ToArray();
        var bits = vector.GetProperty("bits").GetInt32();

        var code = IsccImageCode.ToText(IsccImageCode.Unit(IsccImageCode.SoftHash(pixels, bits)));

        Assert.Equal(vector.GetProperty("iscc").GetString(), code);
    }

    [Fact]
    public void A_resize_to_the_same_size_changes_nothing_and_a_flat_image_stays_flat()
    {
        var flat = Enumerable.Repeat((byte)77, 100 * 60).ToArray();
        var same = Enumerable.Range(0, 32 * 32).Select(i => (byte)(i * 7)).ToArray();

        Assert.All(IsccImageCode.Resize(flat, 100, 60, 32, 32), p => Assert.Equal(77, p));
        Assert.Equal(same, IsccImageCode.Resize(same, 32, 32, 32, 32));
    }

    [Fact]
    public void A_uniform_border_is_cropped_before_the_resize()
    {
        // A 64×64 pattern, and the same pattern inside a wide white border.
        // Pattern values stay within 0–100, so the inner image has no border to crop (nothing differs from its corner by more than 100).
        var inner = Rgba(64, 64, (x, y) => (byte)(((x * 4) ^ (y * 3)) % 101));
        var framed = Rgba(100, 90, (x, y) => x is >= 20 and < 84 && y is >= 13 && y < 77 ? (byte)((((x - 20) * 4) ^ ((y - 13) * 3)) % 101) : (byte)255);

        Assert.Equal(IsccImageCode.Normalize(inner, 64, 64), IsccImageCode.Normalize(framed, 100, 90));
    }

    [Fact]
    public void Transparency_is_laid_over_grey_126()
    {
        var transparent = new byte[8 * 8 * 4]; // black, alpha 0

        Assert.All(IsccImageCode.Normalize(transparent, 8, 8), p => Assert.Equal(IsccImageCode.TransparencyGrey, p));
    }

    [Fact]
    public void Every_turned_or_mirrored_copy_has_exactly_the_code_of_one_variant()
    {
        // Not square, and with a white band on two sides only: the turned copies crop against different corners and
        // resize their axes in the other order, which turning the 32×32 pixels did not reproduce.
        using var original = PdqTests.TestCard(300, 200, seed: 3);
        for (var y = 0; y < 200; y++)
        {
            for (var x = 0; x < 300; x++)
            {
                if (y < 12 || x < 20)
                {
                    original[x, y] = new SixLabors.ImageSharp.PixelFormats.Rgba32(255, 255, 255, 255);
                }
            }
        }

        var variants = ImageFingerprints.FromImage(original.Clone()).IsccVariants;
        var transforms = new Action<IImageProcessingContext>[]
        {
            x => x.Rotate(RotateMode.Rotate90),
            x => x.Rotate(RotateMode.Rotate180),
            x => x.Rotate(RotateMode.Rotate270),
            x => x.Flip(FlipMode.Horizontal),
            x => x.Flip(FlipMode.Vertical),
            x => x.Rotate(RotateMode.Rotate90).Flip(FlipMode.Horizontal),
            x => x.Rotate(RotateMode.Rotate270).Flip(FlipMode.Horizontal),
        };

        var found = transforms.Select(transform =>
        {
            using var turned = original.Clone(transform);
            var code = ImageFingerprints.FromImage(turned).Iscc;
            return variants.Select(v => ImageFingerprints.Distance(v, code)).Min();
        }).ToList();

        Assert.True(variants.Count >= 8, $"{variants.Count} variants");
        Assert.All(found, distance => Assert.Equal(0, distance));
        Assert.Equal(8, variants.Take(8).Select(Convert.ToHexString).Distinct().Count());
    }

    private static byte[] Rgba(int width, int height, Func<int, int, byte> grey)
    {
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = grey(x, y);
                var p = ((y * width) + x) * 4;
                (rgba[p], rgba[p + 1], rgba[p + 2], rgba[p + 3]) = (v, v, v, 255);
            }
        }

        return rgba;
    }
}
