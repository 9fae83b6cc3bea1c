using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Tiff;

public sealed class TiffFormatTests
{
    /// <summary>Header + image data (5 bytes) + IFD0 with ImageWidth and a StripOffsets pointing at the data.</summary>
    internal static byte[] Classic(bool little)
    {
        var file = new byte[8 + 6 + 2 + (2 * 12) + 4];
        void U16(int at, int v) { if (little) { BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(at), (ushort)v); } else { BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(at), (ushort)v); } }
        void U32(int at, uint v) { if (little) { BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at), v); } else { BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(at), v); } }
        file[0] = file[1] = (byte)(little ? 'I' : 'M');
        U16(2, 42);
        U32(4, 14);
        "PIXEL"u8.CopyTo(file.AsSpan(8));
        U16(14, 2);
        U16(16, 256); U16(18, 3); U32(20, 1); U16(24, 1);
        U16(28, 273); U16(30, 4); U32(32, 1); U32(36, 8);
        return file; // next IFD = 0
    }

    internal static byte[] BigTiff()
    {
        var file = new byte[16 + 8 + 20 + 8];
        "II"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(2), 43);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(8), 16);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(16), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(24), 256);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(26), 3);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(28), 1);
        file[36] = 1;
        return file;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Classic_round_trip_in_both_byte_orders(bool little)
    {
        var original = Classic(little);
        var embedded = FormatAssert.RoundTrip(TiffFormat.Instance, original);
        var tiff = TiffStructure.Read(new MemoryStream(embedded), default);
        Assert.Equal(2, tiff.Ifds.Count);
        var entry = Assert.Single(tiff.Ifds[1].Entries);
        Assert.Equal(TiffFormat.C2paTag, entry.Tag);
        Assert.Equal(7, entry.Type);
        Assert.Equal(original.Length, tiff.Ifds[1].Offset); // even length: no pad
        Assert.Equal(little ? "0100" + "41CD0700E8030000" : "0001" + "CD410007000003E8", OpaqueStores.Hex(embedded.AsSpan(original.Length, 10)));
    }

    [Fact]
    public void BigTiff_round_trip() => FormatAssert.RoundTrip(TiffFormat.Instance, BigTiff());

    [Fact]
    public void Odd_length_file_gets_a_word_aligned_ifd()
    {
        var original = Classic(true).Concat(new byte[] { 0xEE }).ToArray();
        using var output = new MemoryStream();
        var placement = TiffFormat.Instance.Embed(new MemoryStream(original), output, OpaqueStores.Create());
        var tiff = TiffStructure.Read(new MemoryStream(output.ToArray()), default);
        Assert.Equal(0, tiff.Ifds[1].Offset % 2);
        Assert.Equal(tiff.Ifds[1].Offset + 18, placement.Carriage[0].Start);
    }

    [Fact]
    public void Ifd_loop_is_malformed()
    {
        var file = Classic(true);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), 14);
        Assert.Contains("loops", FormatAssert.Rejects(TiffFormat.Instance, file).Message);
    }

    [Fact]
    public void Too_many_ifds_are_malformed()
    {
        using var file = new MemoryStream();
        file.Write("II*\0"u8);
        file.Write(BitConverter.GetBytes(8u));
        for (var i = 0; i < 300; i++)
        {
            file.Write(BitConverter.GetBytes((ushort)0));
            file.Write(BitConverter.GetBytes((uint)(file.Position + 4)));
        }

        file.Write(new byte[6]);
        Assert.Contains("more than", FormatAssert.Rejects(TiffFormat.Instance, file.ToArray()).Message);
    }

    [Fact]
    public void Entry_count_and_value_past_the_end_are_malformed()
    {
        var file = Classic(true);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(14), 5000);
        FormatAssert.Rejects(TiffFormat.Instance, file);

        var store = Classic(true);
        using var output = new MemoryStream();
        TiffFormat.Instance.Embed(new MemoryStream(store), output, OpaqueStores.Create());
        var bytes = output.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(store.Length + 6), 0x7FFFFFFF); // count of the C2PA entry
        FormatAssert.Rejects(TiffFormat.Instance, bytes);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public void Corpus_tiff_files_match_the_manifest() =>
        CorpusConformance.Check(f => f is TiffFormat, "tiff");

    [Trait("Category", "Corpus")]
    [Theory]
    [InlineData("c2pa-rs/sdk/tests/fixtures/TUSCANY.TIF")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/MultiPage.tif")]
    public void Corpus_unsigned_files_round_trip(string relativePath) =>
        FormatAssert.RoundTrip(TiffFormat.Instance, File.ReadAllBytes(Testing.SharedFolder.RequireCorpusFile(relativePath)));
}
