using System.Buffers.Binary;
using MediaTrust.IO;
using MediaTrust.Testing;

namespace MediaTrust.Formats.Tiff;

/// <summary>
/// Issue #16, finding 3: TIFFs whose IFD chain or tag entries make the reader allocate far more than the file.
/// Each IFD was checked against the file but not against the others, so 256 IFDs overlapping the same 65,535
/// entries cost 256 copies; many entries pointing at one large value read it once each (docs/robustness.md).
/// </summary>
[Trait("Category", "Damage")]
public sealed class TiffBombTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(65_535, 256)]
    [InlineData(20_000, 200)]
    [InlineData(65_535, 2)]
    public void Overlapping_ifds_cost_memory_bounded_by_the_file_size(int entries, int ifds)
    {
        var tiff = OverlappingIfds(entries, ifds);
        var allocated = Allocations.Of(() => Assert.Throws<MalformedContentException>(() => TiffFormat.Instance.ReadLayout(new MemoryStream(tiff, writable: false))));
        output.WriteLine($"{tiff.Length:N0} bytes read with {allocated:N0} bytes allocated");
        Allocations.AssertBounded(allocated, tiff.Length, 8);
    }

    [Theory]
    [InlineData(52545, 4_000, 100_000)] // C2PA manifest store tag
    [InlineData(700, 4_000, 100_000)]   // XMP tag
    public void Entries_sharing_one_large_value_read_it_at_most_the_file_size(ushort tag, int entries, int valueLength)
    {
        var tiff = SharedValue(tag, entries, valueLength);
        var allocated = Allocations.Of(() =>
        {
            try
            {
                TiffFormat.Instance.ReadLayout(new MemoryStream(tiff, writable: false));
            }
            catch (MalformedContentException)
            {
                // the documented outcome: the cost to reach it is what is measured
            }
        });
        output.WriteLine($"{tiff.Length:N0} bytes read with {allocated:N0} bytes allocated");
        Allocations.AssertBounded(allocated, tiff.Length, 8);
    }

    [Fact]
    public void Overlapping_ifds_are_malformed()
    {
        var e = Assert.Throws<MalformedContentException>(() => TiffFormat.Instance.ReadLayout(new MemoryStream(OverlappingIfds(65_535, 256))));
        Assert.Contains("overlap", e.Message, StringComparison.Ordinal);
    }

    // Little-endian TIFF: IFD k at 8 + 4k, its count read from a sea of 0xFF bytes, its next pointer after its
    // entries pointing at IFD k + 1; every IFD lists (nearly) the same entries.
    private static byte[] OverlappingIfds(int entries, int ifds)
    {
        var pointers = 8 + 2 + (entries * 12);
        var file = new byte[pointers + (4 * ifds) + 16];
        file.AsSpan().Fill(0xFF);
        "II*\0"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), 8);
        for (var k = 0; k < ifds; k++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8 + (4 * k)), (ushort)entries);
        }

        for (var k = 0; k < ifds; k++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(pointers + (4 * k)), k + 1 < ifds ? (uint)(8 + (4 * (k + 1))) : 0);
        }

        return file;
    }

    // One IFD whose entries all carry <paramref name="tag"/> (type BYTE) pointing at the same value after them.
    private static byte[] SharedValue(ushort tag, int entries, int valueLength)
    {
        var valueOffset = 8 + 2 + (entries * 12) + 4;
        var file = new byte[valueOffset + valueLength];
        "II*\0"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), (ushort)entries);
        for (var i = 0; i < entries; i++)
        {
            var e = file.AsSpan(10 + (i * 12));
            BinaryPrimitives.WriteUInt16LittleEndian(e, tag);
            BinaryPrimitives.WriteUInt16LittleEndian(e[2..], 1);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], (uint)valueLength);
            BinaryPrimitives.WriteUInt32LittleEndian(e[8..], (uint)valueOffset);
        }

        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(valueOffset), 8);
        "jumb"u8.CopyTo(file.AsSpan(valueOffset + 4));
        return file;
    }
}
