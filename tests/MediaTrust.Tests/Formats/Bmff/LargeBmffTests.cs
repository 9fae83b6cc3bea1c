using System.Buffers.Binary;
using MediaTrust.Testing;

namespace MediaTrust.Formats.Bmff;

/// <summary>A 2 GiB MP4 (sparse temporary file) is read by touching only box headers and the store.</summary>
public sealed class LargeBmffTests
{
    [Fact]
    public void Reading_the_store_of_a_2_GiB_mp4_reads_under_1_MiB()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mediatrust-test-{Guid.NewGuid():N}.mp4");
        try
        {
            const long media = 2L * 1024 * 1024 * 1024;
            var store = Common.OpaqueStores.Create(16 * 1024);
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                Box(file, "ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isommp41"u8]);
                Box(file, "uuid", [.. MediaTrust.Spec.C2paBoxes.BmffUuid, 0, 0, 0, 0, .. "manifest\0"u8, 0, 0, 0, 0, 0, 0, 0, 0, .. store]);
                Box(file, "moov", Box("mvhd", new byte[100]));
                var mdat = new byte[16];
                BinaryPrimitives.WriteUInt32BigEndian(mdat, 1);
                "mdat"u8.CopyTo(mdat.AsSpan(4));
                BinaryPrimitives.WriteUInt64BigEndian(mdat.AsSpan(8), (ulong)(16 + media));
                file.Write(mdat);
                file.SetLength(file.Position + media);
            }

            using var counting = new CountingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1));
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var layout = BmffFormat.Instance.ReadLayout(counting);
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

            TestContext.Current.TestOutputHelper?.WriteLine($"bytes read: {counting.BytesRead}, allocated: {allocated}");
            Assert.Equal(Common.OpaqueStores.Hex(store), Common.OpaqueStores.Hex(Assert.Single(layout.Stores).Jumbf.Span));
            Assert.True(layout.Length > media);
            Assert.True(counting.BytesRead < 1024 * 1024, $"read {counting.BytesRead} bytes");
            Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated} bytes");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Box(string type, byte[] payload)
    {
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        payload.CopyTo(box, 8);
        return box;
    }

    private static void Box(Stream output, string type, byte[] payload) => output.Write(Box(type, payload));
}
