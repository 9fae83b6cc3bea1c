using System.Security.Cryptography;
using MediaTrust.Assertions;
using MediaTrust.Bindings;
using MediaTrust.IO;
using MediaTrust.Testing;
using MediaTrust.Validation;

namespace MediaTrust.Formats.Bmff;

/// <summary>Fragmented MP4 split across files: init segment + fragments against <c>c2pa.hash.bmff</c> Merkle trees (spec 2.2 §15.12.2.2).</summary>
public sealed class FragmentedMp4Tests
{
    private const string Init = "c2pa-rs/sdk/tests/fixtures/dashinit.mp4";
    private const string Fragment = "c2pa-rs/sdk/tests/fixtures/dash1.m4s";

    /// <summary>The certificate of dashinit.mp4 is valid now-ish; pin a time inside its validity.</summary>
    private static ReaderOptions Options() => new()
    {
        Validation = new ValidationOptions { ValidationTime = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero) },
    };

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Corpus_init_segment_and_fragment_match_as_c2pa_rs_says()
    {
        // c2pa-rs store.rs test_bmff_fragments: assertion.bmffHash.match, signingCredential.untrusted, state Valid (no anchors).
        await using var init = File.OpenRead(SharedFolder.RequireCorpusFile(Init));
        await using var fragment = File.OpenRead(SharedFolder.RequireCorpusFile(Fragment));
        var reader = await Reader.ReadFragmentsAsync(init, [fragment], Options(), TestContext.Current.CancellationToken);
        var report = reader.Validation!;
        Assert.Contains(report.Results.ActiveManifest.Success, f => f.Code == "assertion.bmffHash.match");
        Assert.Equal(["signingCredential.untrusted"], report.Failures.Select(f => f.Code));
        Assert.Equal(ValidationState.Valid, report.State);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Glob_finds_the_fragments_beside_the_init_segment()
    {
        var init = SharedFolder.RequireCorpusFile(Init);
        Assert.Equal([Path.Combine(Path.GetDirectoryName(init)!, "dash1.m4s")], FragmentGlob.Expand(init, "dash*.m4s"));
        var reader = await Reader.ReadFragmentFilesAsync(init, "dash*.m4s", Options(), TestContext.Current.CancellationToken);
        Assert.Contains(reader.Validation!.Results.ActiveManifest.Success, f => f.Code == "assertion.bmffHash.match");
        await Assert.ThrowsAsync<FileNotFoundException>(() => Reader.ReadFragmentFilesAsync(init, "nothing*.zzz", Options(), TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => FragmentGlob.Expand(init, "a*/b.m4s"));
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task A_changed_fragment_byte_is_a_mismatch()
    {
        var fragment = File.ReadAllBytes(SharedFolder.RequireCorpusFile(Fragment));
        fragment[^100] ^= 0x01; // inside the mdat
        await using var init = File.OpenRead(SharedFolder.RequireCorpusFile(Init));
        var reader = await Reader.ReadFragmentsAsync(init, [new MemoryStream(fragment)], Options(), TestContext.Current.CancellationToken);
        Assert.Contains(reader.Validation!.Failures, f => f.Code == "assertion.bmffHash.mismatch");
        Assert.Equal(ValidationState.Invalid, reader.Validation!.State);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task A_changed_init_segment_is_a_mismatch_and_a_fragment_without_aux_box_is_malformed()
    {
        var init = File.ReadAllBytes(SharedFolder.RequireCorpusFile(Init));
        var fragment = File.ReadAllBytes(SharedFolder.RequireCorpusFile(Fragment));
        var changed = (byte[])init.Clone();
        changed[^10] ^= 0x01; // inside moov/udta
        var reader = await Reader.ReadFragmentsAsync(new MemoryStream(changed), [new MemoryStream(fragment)], Options(), TestContext.Current.CancellationToken);
        Assert.Contains(reader.Validation!.Failures, f => f.Code == "assertion.bmffHash.mismatch" && f.Explanation.Contains("initHash", StringComparison.Ordinal));

        // dash1.m4s: styp(0,24) sidx(24,44) uuid merkle(68,141) moof(209) mdat: drop the merkle box.
        var withoutAux = fragment[..68].Concat(fragment[209..]).ToArray();
        reader = await Reader.ReadFragmentsAsync(new MemoryStream(init), [new MemoryStream(withoutAux)], Options(), TestContext.Current.CancellationToken);
        Assert.Contains(reader.Validation!.Failures, f => f.Code == "assertion.bmffHash.malformed");

        // Two moof/mdat pairs in one file are outside what §A.5.4.1.2 supports.
        var doubled = fragment.Concat(fragment[209..]).ToArray();
        reader = await Reader.ReadFragmentsAsync(new MemoryStream(init), [new MemoryStream(doubled)], Options(), TestContext.Current.CancellationToken);
        Assert.Contains(reader.Validation!.Failures, f => f.Code == "assertion.bmffHash.malformed" && f.Explanation.Contains("moof", StringComparison.Ordinal));
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Init_segment_alone_stays_malformed_without_its_fragments()
    {
        await using var init = File.OpenRead(SharedFolder.RequireCorpusFile(Init));
        var reader = await Reader.ReadAsync(init, Options(), TestContext.Current.CancellationToken);
        Assert.Contains(reader.Validation!.Failures, f => f.Code == "assertion.bmffHash.malformed");
    }

    /// <summary>A 5-leaf tree with the root in the manifest: leaf 4 is lone at two levels and needs one proof hash only.</summary>
    [Theory]
    [InlineData(5, 1)]
    [InlineData(5, 2)]
    [InlineData(4, 1)]
    [InlineData(3, 3)]
    [InlineData(1, 1)]
    public void Merkle_proofs_climb_to_the_stored_row(int count, int stored)
    {
        var alg = HashAlgorithmName.SHA256;
        var leaves = Enumerable.Range(0, count).Select(i => SHA256.HashData([(byte)i])).ToList();
        var rows = new List<List<byte[]>> { leaves };
        while (rows[^1].Count > stored)
        {
            var row = rows[^1];
            var next = new List<byte[]>();
            for (var i = 0; i < row.Count; i += 2)
            {
                next.Add(i + 1 < row.Count ? SHA256.HashData([.. row[i], .. row[i + 1]]) : row[i]);
            }

            rows.Add(next);
        }

        var tree = new BmffMerkleMap(1, 1, count, "sha256", [1], rows[^1], null, null);
        for (var location = 0; location < count; location++)
        {
            var proof = new List<byte[]>();
            var index = location;
            for (var level = 0; level < rows.Count - 1; level++)
            {
                if ((index ^ 1) < rows[level].Count)
                {
                    proof.Add(rows[level][index ^ 1]);
                }

                index /= 2;
            }

            Assert.True(BmffHashValidator.ProvesRow(tree, alg, leaves[location], new MerkleProof(1, 1, location, proof)));
            Assert.False(BmffHashValidator.ProvesRow(tree, alg, SHA256.HashData([0xEE]), new MerkleProof(1, 1, location, proof)));
            Assert.False(BmffHashValidator.ProvesRow(tree, alg, leaves[location], new MerkleProof(1, 1, location, [.. proof, leaves[0]])));
        }

        Assert.False(BmffHashValidator.ProvesRow(tree, alg, leaves[0], new MerkleProof(1, 1, count, [])));
    }
}
