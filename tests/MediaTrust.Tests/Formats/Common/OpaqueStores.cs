using System.Buffers.Binary;
using System.Text;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Formats.Common;

/// <summary>JUMBF-shaped manifest stores for round trips: a <c>jumb</c> superbox whose <c>jumd</c> has the C2PA store UUID and label <c>c2pa</c>.</summary>
internal static class OpaqueStores
{
    /// <summary>A store of exactly <paramref name="length"/> bytes (at least 42) with a deterministic payload.</summary>
    public static byte[] Create(int length = 1000, byte seed = 1)
    {
        // jumb header (8) + jumd box: header (8) + uuid (16) + toggles (1) + "c2pa\0" (5) = 38, then a free-form content box.
        var jumd = new byte[8 + 16 + 1 + 5];
        BinaryPrimitives.WriteUInt32BigEndian(jumd, (uint)jumd.Length);
        "jumd"u8.CopyTo(jumd.AsSpan(4));
        JumbfTypes.Write(C2paBoxes.ManifestStore, jumd.AsSpan(8));
        jumd[24] = 0x03; // requestable + label present
        "c2pa\0"u8.CopyTo(jumd.AsSpan(25));

        var contentLength = length - 8 - jumd.Length;
        if (contentLength < 8)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "A test store needs at least 54 bytes.");
        }

        var store = new byte[length];
        BinaryPrimitives.WriteUInt32BigEndian(store, (uint)length);
        "jumb"u8.CopyTo(store.AsSpan(4));
        jumd.CopyTo(store.AsSpan(8));
        var content = store.AsSpan(8 + jumd.Length);
        BinaryPrimitives.WriteUInt32BigEndian(content, (uint)contentLength);
        "bidb"u8.CopyTo(content[4..]);
        for (var i = 8; i < content.Length; i++)
        {
            content[i] = (byte)(seed + (i * 31));
        }

        return store;
    }

    /// <summary>Whether <paramref name="store"/> starts with a <c>jumb</c> box whose description is labelled <c>c2pa</c> with the store UUID.</summary>
    public static bool IsC2paStore(ReadOnlySpan<byte> store) =>
        store.Length >= 38
        && store[4..8].SequenceEqual("jumb"u8)
        && store[12..16].SequenceEqual("jumd"u8)
        && JumbfTypes.Read(store[16..32]) == C2paBoxes.ManifestStore
        && store[33..38].SequenceEqual("c2pa\0"u8);

    /// <summary>How many manifests (child superboxes after the description) a store holds.</summary>
    public static int CountManifests(ReadOnlySpan<byte> store)
    {
        long total = BinaryPrimitives.ReadUInt32BigEndian(store);
        long pos = 8 + BinaryPrimitives.ReadUInt32BigEndian(store[8..]);
        var count = 0;
        while (pos + 8 <= total)
        {
            var size = BinaryPrimitives.ReadUInt32BigEndian(store[(int)pos..]);
            if (store.Slice((int)pos + 4, 4).SequenceEqual("jumb"u8))
            {
                count++;
            }

            if (size < 8)
            {
                break;
            }

            pos += size;
        }

        return count;
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
