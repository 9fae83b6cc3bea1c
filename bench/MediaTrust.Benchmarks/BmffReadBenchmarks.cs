using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using MediaTrust.Formats.Bmff;

namespace MediaTrust.Benchmarks;

/// <summary>
/// Reading the manifest store of a 2 GiB MP4 (ftyp, C2PA uuid box, moov, a 2 GiB mdat whose payload is a hole
/// in a sparse temporary file): the reader must touch only box headers and the store, whatever the media size.
/// </summary>
[MemoryDiagnoser]
public class BmffReadBenchmarks
{
    private string _path = string.Empty;

    /// <summary>Size of the mdat payload.</summary>
    public const long MediaLength = 2L * 1024 * 1024 * 1024;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"mediatrust-bench-{Guid.NewGuid():N}.mp4");
        using var file = new FileStream(_path, FileMode.CreateNew, FileAccess.Write);
        SparseMp4.Write(file, storeLength: 16 * 1024, MediaLength);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public int ReadStoreOf2GiBMp4()
    {
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        return BmffFormat.Instance.ReadLayout(stream).Stores[0].Jumbf.Length;
    }
}

/// <summary>Writes ftyp, a C2PA manifest uuid box, a minimal moov and an mdat (64-bit size) whose payload is left as a hole.</summary>
internal static class SparseMp4
{
    public static void Write(FileStream file, int storeLength, long mediaLength)
    {
        Box(file, "ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isommp41"u8]);

        // uuid FullBox: extended type, version/flags, "manifest\0", 8-byte merkle offset, then a jumb store.
        var store = new byte[storeLength];
        BinaryPrimitives.WriteUInt32BigEndian(store, (uint)storeLength);
        "jumb"u8.CopyTo(store.AsSpan(4));
        Box(file, "uuid", [.. MediaTrust.Spec.C2paBoxes.BmffUuid, 0, 0, 0, 0, .. "manifest\0"u8, 0, 0, 0, 0, 0, 0, 0, 0, .. store]);

        var mvhd = new byte[100];
        Box(file, "moov", Header("mvhd", 8 + mvhd.Length).Concat(mvhd).ToArray());

        Span<byte> mdat = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mdat, 1);
        "mdat"u8.CopyTo(mdat[4..]);
        BinaryPrimitives.WriteUInt64BigEndian(mdat[8..], (ulong)(16 + mediaLength));
        file.Write(mdat);
        file.SetLength(file.Position + mediaLength); // a hole: no blocks written
    }

    private static void Box(Stream output, string type, byte[] payload)
    {
        output.Write(Header(type, 8 + payload.Length));
        output.Write(payload);
    }

    private static byte[] Header(string type, int size)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)size);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(header, 4);
        return header;
    }
}
