using System.Text;
using MediaTrust.Formats.Bmff;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace MediaTrust.Signing;

/// <summary>Small, valid files of every format MediaTrust can sign, generated here (no third-party media).</summary>
internal static class GeneratedAssets
{
    /// <summary>Every writable format: a name and its usual extension.</summary>
    public static readonly string[] Writable =
        ["jpg", "png", "gif", "tif", "webp", "wav", "avi", "mp4", "m4a", "mov", "heif", "heic", "avif", "mp3", "flac", "svg", "jxl", "pdf"];

    public static byte[] Create(string extension) => extension switch
    {
        "jpg" => Encode(new JpegEncoder { Quality = 90 }),
        "png" => Encode(new PngEncoder()),
        "gif" => Encode(new GifEncoder()),
        "tif" => Encode(new TiffEncoder()),
        "webp" => Encode(new WebpEncoder { FileFormat = WebpFileFormatType.Lossless }),
        "wav" => Riff("WAVE", ("fmt ", Convert.FromHexString("01000100401F0000401F000001000800")), ("data", Ramp(64))),
        "avi" => Riff("AVI ", ("LIST", [.. "hdrl"u8, .. Chunk("avih", new byte[56])]), ("LIST", [.. "movi"u8, .. Chunk("00dc", Ramp(16))])),
        "mp4" => BmffFormatTests.Mp4(),
        "mov" => Bmff("qt  ", "qt  "),
        "m4a" => Bmff("M4A ", "M4A ", "mp42", "isom"),
        "heif" => Bmff("mif1", "mif1", "heic"),
        "heic" => Bmff("heic", "mif1", "heic"),
        "avif" => Bmff("avif", "mif1", "avif"),
        "mp3" => [.. Convert.FromHexString("FFFB9064"), .. new byte[413]], // one 128 kbit/s 44.1 kHz MPEG-1 Layer III frame of silence
        "flac" => Flac(),
        "svg" => Encoding.UTF8.GetBytes("""<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48"><rect width="64" height="48" fill="#3a7"/></svg>"""),
        "jxl" => [.. Convert.FromHexString("0000000C4A584C200D0A870A"), .. BmffFormatTests.Box("ftyp", "jxl "u8.ToArray(), new byte[4], "jxl "u8.ToArray()), .. BmffFormatTests.Box("jxlc", [0xFF, 0x0A, 1, 2, 3])],
        "pdf" => Pdf(),
        _ => throw new ArgumentOutOfRangeException(nameof(extension), extension, "no generator"),
    };

    /// <summary>A horizontal and vertical colour gradient, <paramref name="width"/>×<paramref name="height"/>.</summary>
    public static Image<Rgb24> Gradient(int width = 64, int height = 48)
    {
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgb24((byte)(255 * x / Math.Max(1, width - 1)), (byte)(255 * y / Math.Max(1, height - 1)), 160);
                }
            }
        });
        return image;
    }

    /// <summary>The gradient encoded with <paramref name="encoder"/>.</summary>
    public static byte[] Encode(IImageEncoder encoder, int width = 64, int height = 48)
    {
        using var image = Gradient(width, height);
        using var output = new MemoryStream();
        image.Save(output, encoder);
        return output.ToArray();
    }

    /// <summary>A one-page PDF with a classic cross-reference table, an /Info dictionary and a file identifier.</summary>
    public static byte[] Pdf() =>
        new Formats.Pdf.PdfBuilder()
            .Object(1, "<</Type /Catalog /Pages 2 0 R>>")
            .Object(2, "<</Type /Pages /Kids [3 0 R] /Count 1>>")
            .Object(3, "<</Type /Page /Parent 2 0 R /MediaBox [0 0 64 48] /Contents 4 0 R>>")
            .Stream(4, string.Empty, "0.2 0.6 0.4 rg 0 0 64 48 re f"u8.ToArray())
            .Object(5, "<</Title (generated) /Producer (MediaTrust tests)>>")
            .Xref("/Root 1 0 R /Info 5 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]", size: 6)
            .ToArray();

    private static byte[] Ramp(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        return bytes;
    }

    private static byte[] Chunk(string id, byte[] data)
    {
        var chunk = new byte[8 + data.Length + (data.Length & 1)];
        Encoding.ASCII.GetBytes(id, chunk);
        BitConverter.TryWriteBytes(chunk.AsSpan(4), (uint)data.Length);
        data.CopyTo(chunk, 8);
        return chunk;
    }

    private static byte[] Riff(string form, params (string Id, byte[] Data)[] chunks)
    {
        byte[] body = [.. Encoding.ASCII.GetBytes(form), .. chunks.SelectMany(c => Chunk(c.Id, c.Data))];
        return Chunk("RIFF", body);
    }

    /// <summary>
    /// A fragmented MP4: ftyp, moov (with mvex/trex), two moof+mdat fragments whose track runs use
    /// default-base-is-moof offsets (so nothing points across boxes), and an mfra with its mfro.
    /// </summary>
    internal static byte[] FragmentedMp4()
    {
        static byte[] U32(params uint[] values) => [.. values.SelectMany(v => new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v })];
        byte[] Fragment(uint sequence) =>
        [
            .. BmffFormatTests.Box("moof", BmffFormatTests.Box("mfhd", U32(0, sequence)),
                BmffFormatTests.Box("traf", BmffFormatTests.Box("tfhd", U32(0x020000, 1)), BmffFormatTests.Box("tfdt", U32(0, sequence * 1000)))),
            .. BmffFormatTests.Box("mdat", Ramp(48)),
        ];
        var mfra = BmffFormatTests.Box("mfra", BmffFormatTests.Box("mfro", U32(0, 16)));
        return
        [
            .. BmffFormatTests.Box("ftyp", "iso6"u8.ToArray(), new byte[4], "iso6dash"u8.ToArray()),
            .. BmffFormatTests.Box("moov", BmffFormatTests.Box("mvhd", new byte[100]), BmffFormatTests.Box("mvex", BmffFormatTests.Box("trex", U32(0, 1, 1, 0, 0, 0)))),
            .. Fragment(1),
            .. Fragment(2),
            .. mfra,
        ];
    }

    /// <summary>ftyp with the given brands and an mdat; enough structure for a BMFF reader and writer.</summary>
    private static byte[] Bmff(string major, params string[] compatible) =>
    [
        .. BmffFormatTests.Box("ftyp", Encoding.ASCII.GetBytes(major), new byte[4], Encoding.ASCII.GetBytes(string.Concat(compatible))),
        .. BmffFormatTests.Box("mdat", Ramp(32)),
    ];

    /// <summary>fLaC, a last STREAMINFO block (44.1 kHz, mono, 16-bit, no samples).</summary>
    private static byte[] Flac() =>
    [
        .. "fLaC"u8,
        0x80, 0x00, 0x00, 0x22,
        .. Convert.FromHexString("10001000000000000000" + "0AC440F000000000" + new string('0', 32)),
    ];
}
