using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using MediaTrust.Testing;

namespace MediaTrust.Benchmarks;

/// <summary>
/// Signing a generated 100 MiB MP4 and a ~10 MiB JPEG file to file (ES256, data hash, verify-after-sign
/// not included): two passes over the asset bytes plus, for the JPEG, the thumbnail decode.
/// </summary>
[MemoryDiagnoser]
public class SignBenchmarks
{
    private static readonly ManifestDefinition Definition = ManifestDefinition.FromJson("""
        { "claim_generator_info": [{ "name": "MediaTrust benchmarks" }],
          "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.created",
            "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia" } ] } } ] }
        """);

    private string _directory = string.Empty;
    private PemClaimSigner _signer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("mediatrust-sign-bench-").FullName;
        _signer = TestPki.Create(SigningAlgorithm.ES256, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)).CreateClaimSigner();
        WriteMp4(Path.Combine(_directory, "in.mp4"), 100L * 1024 * 1024);
        WriteJpeg(Path.Combine(_directory, "in.jpg"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _signer.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public Task<string> Sign100MiBMp4() =>
        new ManifestBuilder(Definition).SignFileAsync(Path.Combine(_directory, "in.mp4"), Path.Combine(_directory, "out.mp4"), _signer);

    [Benchmark]
    public Task<string> Sign10MiBJpegWithThumbnail() =>
        new ManifestBuilder(Definition).SignFileAsync(Path.Combine(_directory, "in.jpg"), Path.Combine(_directory, "out.jpg"), _signer);

    [Benchmark]
    public Task<string> Sign10MiBJpegNoThumbnail() =>
        new ManifestBuilder(Definition) { GenerateThumbnails = false }.SignFileAsync(Path.Combine(_directory, "in.jpg"), Path.Combine(_directory, "out.jpg"), _signer);

    /// <summary>ftyp, moov (mvhd), and an mdat of pseudo-random media bytes.</summary>
    internal static void WriteMp4(string path, long mediaLength)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.Write([0, 0, 0, 20, .. "ftypisom"u8, 0, 0, 2, 0, .. "isom"u8]);
        file.Write([0, 0, 0, 116, .. "moov"u8, 0, 0, 0, 108, .. "mvhd"u8, .. new byte[100]]);
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(header, 1);
        "mdat"u8.CopyTo(header[4..]);
        BinaryPrimitives.WriteUInt64BigEndian(header[8..], (ulong)(16 + mediaLength));
        file.Write(header);
        var random = new Random(42);
        var buffer = new byte[1 << 20];
        for (long written = 0; written < mediaLength; written += buffer.Length)
        {
            random.NextBytes(buffer);
            file.Write(buffer, 0, (int)Math.Min(buffer.Length, mediaLength - written));
        }
    }

    /// <summary>A noisy 2048×1536 JPEG at quality 100: about 10 MiB, like a camera original.</summary>
    internal static void WriteJpeg(string path)
    {
        using var image = new Image<Rgb24>(2048, 1536);
        var random = new Random(7);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (ref var pixel in rows.GetRowSpan(y))
                {
                    pixel = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                }
            }
        });
        image.Save(path, new JpegEncoder { Quality = 100 });
    }
}
