using MediaTrust.IO;
using MediaTrust.Testing;

namespace MediaTrust.Formats.Common;

/// <summary>The checks every format's round trip makes.</summary>
internal static class FormatAssert
{
    /// <summary>
    /// Embeds a store into <paramref name="original"/>, reads it back byte-identical from the reported carriage,
    /// patches a same-size store in place, removes it, and (when <paramref name="removeRestoresOriginal"/>) checks
    /// that removal restores the original byte for byte. Returns the embedded asset.
    /// </summary>
    public static byte[] RoundTrip(IAssetFormat format, byte[] original, bool removeRestoresOriginal = true, int storeLength = 1000)
    {
        var embedder = Assert.IsAssignableFrom<IManifestEmbedder>(format);
        Assert.True(format.IsMatch(original.AsSpan(0, Math.Min(original.Length, AssetFormats.HeaderLength))), "the generated file must be detected");
        Assert.Empty(format.ReadLayout(new MemoryStream(original)).Stores);

        var store = OpaqueStores.Create(storeLength);
        using var embedded = new MemoryStream();
        var placement = embedder.Embed(new MemoryStream(original), embedded, store);
        Assert.Equal(store.Length, placement.StoreLength);

        var layout = format.ReadLayout(new MemoryStream(embedded.ToArray()));
        var found = Assert.Single(layout.Stores);
        Assert.Equal(OpaqueStores.Hex(store), OpaqueStores.Hex(found.Jumbf.Span));
        Assert.Equal(placement.Carriage, found.Carriage);
        Assert.Equal(embedded.Length, layout.Length);

        // Replacing: embedding into an asset that already has a store keeps exactly one.
        var second = OpaqueStores.Create(storeLength + 7, seed: 9);
        using var replaced = new MemoryStream();
        embedder.Embed(new MemoryStream(embedded.ToArray()), replaced, second);
        var replacedLayout = format.ReadLayout(new MemoryStream(replaced.ToArray()));
        Assert.Equal(OpaqueStores.Hex(second), OpaqueStores.Hex(Assert.Single(replacedLayout.Stores).Jumbf.Span));

        // Patch: same length, in place, nothing else moves.
        var patched = OpaqueStores.Create(storeLength, seed: 77);
        var before = embedded.ToArray();
        embedder.Patch(embedded, placement, patched);
        var after = embedded.ToArray();
        Assert.Equal(before.Length, after.Length);
        Assert.Equal(OpaqueStores.Hex(patched), OpaqueStores.Hex(Assert.Single(format.ReadLayout(new MemoryStream(after)).Stores).Jumbf.Span));
        AssertSameOutside(before, after, placement.Carriage);

        using var removed = new MemoryStream();
        embedder.Remove(new MemoryStream(after), removed);
        Assert.Empty(format.ReadLayout(new MemoryStream(removed.ToArray())).Stores);
        if (removeRestoresOriginal)
        {
            Assert.Equal(OpaqueStores.Hex(original), OpaqueStores.Hex(removed.ToArray()));
        }

        return before;
    }

    /// <summary>Bytes outside <paramref name="carriage"/> are identical.</summary>
    public static void AssertSameOutside(byte[] a, byte[] b, IReadOnlyList<ByteRange> carriage)
    {
        Assert.Equal(a.Length, b.Length);
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                var inside = false;
                foreach (var r in carriage)
                {
                    inside |= i >= r.Start && i < r.End;
                }

                Assert.True(inside, $"byte {i} changed outside the carriage");
            }
        }
    }

    /// <summary>
    /// How many times over a parser may read its input before giving up on a damaged file: a bound on
    /// work done (loops, re-reads), in place of a wall-clock budget.
    /// </summary>
    private const int MaxReadsOfInput = 4;

    /// <summary>Reading <paramref name="bytes"/> throws <see cref="MalformedContentException"/> or finds no store, reading a bounded number of bytes.</summary>
    public static void RejectsOrIgnores(IAssetFormat format, byte[] bytes)
    {
        using var stream = new CountingStream(new MemoryStream(bytes, writable: false));
        HangGuard.Run(() =>
        {
            try
            {
                Assert.Empty(format.ReadLayout(stream).Stores);
            }
            catch (MalformedContentException)
            {
            }

            return 0;
        }, $"{format.Name} reading {bytes.Length} damaged bytes");
        AssertBoundedReads(stream, bytes.Length);
    }

    /// <summary>Reading <paramref name="bytes"/> throws <see cref="MalformedContentException"/>, reading a bounded number of bytes.</summary>
    public static MalformedContentException Rejects(IAssetFormat format, byte[] bytes)
    {
        using var stream = new CountingStream(new MemoryStream(bytes, writable: false));
        var e = HangGuard.Run(() => Assert.Throws<MalformedContentException>(() => format.ReadLayout(stream)), $"{format.Name} reading {bytes.Length} malformed bytes");
        AssertBoundedReads(stream, bytes.Length);
        return e;
    }

    private static void AssertBoundedReads(CountingStream stream, long length) =>
        Assert.True(stream.BytesRead <= MaxReadsOfInput * length + 64 * 1024,
            $"read {stream.BytesRead} bytes of a {length}-byte input: more than {MaxReadsOfInput} times over");
}
