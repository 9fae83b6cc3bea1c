using MediaTrust.IO;
using MediaTrust.Manifests;
using MediaTrust.Spec;
using MediaTrust.Testing;

namespace MediaTrust.Jumbf;

/// <summary>
/// Issue #16, finding 1: a store whose superboxes nest deep with long labels and many empty children. Each box
/// used to hold its own copy of the whole path, so memory grew as boxes × depth × label length (a 272 KB JPEG took
/// 0.9 GB, a 1.5 MB one 10 GB). Paths are now shared nodes: memory is bounded by the store's size (docs/robustness.md).
/// </summary>
[Trait("Category", "Damage")]
public sealed class JumbfBombTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(25, 1000, 1000, true)]   // within the depth bound: parsed and validated in full
    [InlineData(25, 4000, 200, true)]
    [InlineData(28, 100, 5000, true)]
    [InlineData(31, 1000, 1000, true)]   // deeper than 32 with the store/manifest/assertion levels: rejected
    [InlineData(200, 1000, 300, true)]   // a few hundred deep
    [InlineData(200, 1000, 300, false)]  // the deeper level first, the empty boxes after it
    public void Nested_long_labels_cost_memory_bounded_by_the_store_size(int depth, int labelLength, int emptyChildren, bool childrenFirst)
    {
        var jpeg = HostileInputs.InJpeg(HostileInputs.NestedLabelStore(depth, labelLength, emptyChildren, childrenFirst));
        var allocated = Allocations.OfReading(jpeg);
        output.WriteLine($"{jpeg.Length:N0} bytes read with {allocated:N0} bytes allocated ({(double)allocated / jpeg.Length:F1} per input byte)");
        Allocations.AssertBounded(allocated, jpeg.Length, 32);
    }

    [Fact]
    public void A_box_path_is_built_from_shared_nodes_and_reads_as_before()
    {
        var store = HostileInputs.NestedLabelStore(3, 5, 2);
        var root = JumbfReader.ReadBox(store, 0, "/prefix");
        var manifest = root.Children[0];
        var assertions = manifest.FindChild("c2pa.assertions")!;
        var level0 = assertions.Children[1];
        var level1 = level0.Children[^1];
        Assert.Equal("/prefix/c2pa/urn:c2pa:hostile/c2pa.assertions/aaaaa", level0.Path);
        Assert.Equal("/prefix/c2pa/urn:c2pa:hostile/c2pa.assertions/aaaaa/free", level0.Children[0].Path);
        Assert.Equal("/prefix/c2pa/urn:c2pa:hostile/c2pa.assertions/aaaaa/bbbbb", level1.Path);
        Assert.Equal("/prefix/c2pa/urn:c2pa:hostile/c2pa.assertions/jumd", level0.Description!.Box.Path);
    }

    [Fact]
    public void A_compressed_manifest_does_not_reset_the_nesting_bound()
    {
        // 30 levels under the assertion store: 33 deep counted from the store, 31 when decompressed bytes started again at 0.
        var manifest = HostileInputs.NestedLabelManifest(30, 4, 0);
        var store = TestStores.Store(TestStores.Compressed("urn:c2pa:hostile", manifest));

        var read = ManifestStore.Parse(store);

        var problem = Assert.Single(read.Problems);
        Assert.Equal("manifest.compressed.invalid", problem.StatusCode);
        Assert.Contains("nested deeper than 32", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compressed_manifests_share_one_decompression_budget_per_store()
    {
        // Each c2cm expands to a 24 MiB manifest from a few kilobytes; eight of them used to cost 192 MiB.
        var big = JumbfWriter.SuperBox(C2paBoxes.StandardManifest, "urn:c2pa:x", [JumbfWriter.ContentBox(FourCC.From("free"), new byte[24 * 1024 * 1024])]);
        var manifests = Enumerable.Range(0, 8).Select(i => TestStores.Compressed($"urn:c2pa:{i}", big)).ToArray();
        var store = TestStores.Store(manifests);

        var allocated = Allocations.Of(() => ManifestStore.Parse(store));

        output.WriteLine($"{store.Length:N0} bytes read with {allocated:N0} bytes allocated");
        Assert.True(allocated < 3L * BoundedBrotli.MaxOutput, $"{allocated:N0} bytes allocated");
        var read = ManifestStore.Parse(store);
        Assert.Equal(7, read.Problems.Count(p => p.StatusCode == "manifest.compressed.invalid"));
    }

    [Fact]
    public void A_compressed_manifest_that_is_not_a_superbox_is_rejected_not_a_crash()
    {
        var store = TestStores.Store(TestStores.Compressed("urn:c2pa:x", JumbfWriter.ContentBox(FourCC.From("free"), new byte[64])));

        var read = ManifestStore.Parse(store);

        Assert.Equal("manifest.compressed.invalid", Assert.Single(read.Problems).StatusCode);
    }
}
