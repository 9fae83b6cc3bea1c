using MediaTrust.Assertions;
using MediaTrust.Cbor;
using MediaTrust.IO;
using MediaTrust.Jumbf;
using MediaTrust.Spec;
using MediaTrust.Testing;

namespace MediaTrust.Manifests;

public sealed class ManifestStoreTests
{
    private const string First = "urn:c2pa:11111111-1111-4111-8111-111111111111";
    private const string Second = "urn:c2pa:22222222-2222-4222-8222-222222222222";

    [Fact]
    public void Reads_manifests_claims_and_assertions_and_picks_the_last_as_active()
    {
        var store = ManifestStore.Parse(TestStores.Store(TestStores.Manifest(First, "one"), TestStores.Manifest(Second, "two", C2paBoxes.UpdateManifest)));
        Assert.Equal([First, Second], store.Manifests.Select(m => m.Label));
        Assert.Equal(Second, store.ActiveManifest!.Label);
        Assert.Equal(ManifestKind.Update, store.ActiveManifest.Kind);
        var claim = store.Manifests[0].GetClaim();
        Assert.Equal(2, claim.Version);
        Assert.Equal("one", claim.Title);
        Assert.Equal("tests", claim.ClaimGeneratorInfo[0]["name"]!.GetValue<string>());
        Assert.Equal(["self#jumbf=c2pa.assertions/c2pa.actions.v2", "self#jumbf=c2pa.assertions/c2pa.thumbnail.claim"], claim.CreatedAssertions.Select(u => u.Url));
        Assert.Equal(32, claim.CreatedAssertions[0].Hash.Length);
        Assert.Equal(store.Manifests[0].ClaimBytes!.Value.ToArray(), claim.Raw.ToArray());

        var assertions = store.Manifests[0].Assertions;
        Assert.Equal(AssertionKind.Cbor, assertions[0].Kind);
        Assert.Equal("c2pa.created", assertions[0].DecodeData()!["actions"]![0]!["action"]!.GetValue<string>());
        Assert.Equal(AssertionKind.EmbeddedFile, assertions[1].Kind);
        Assert.Equal("image/jpeg", assertions[1].MediaType);
        Assert.Equal("FFD8FFD9", Convert.ToHexString(assertions[1].Data.Span));
    }

    [Theory]
    [InlineData("self#jumbf=c2pa.assertions/c2pa.actions.v2", "c2pa.actions.v2")]
    [InlineData("self#jumbf=/c2pa/" + First + "/c2pa.assertions/c2pa.thumbnail.claim", "c2pa.thumbnail.claim")]
    [InlineData("self#jumbf=c2pa.signature", "c2pa.signature")]
    [InlineData("self#jumbf=/c2pa/" + Second, Second)]
    public void Resolves_relative_and_absolute_jumbf_uris(string uri, string label)
    {
        var store = ManifestStore.Parse(TestStores.Store(TestStores.Manifest(First, "one"), TestStores.Manifest(Second, "two")));
        Assert.Equal(label, store.Resolve(uri, store.Manifests[0])!.Label);
    }

    [Theory]
    [InlineData("self#jumbf=c2pa.assertions/missing")]
    [InlineData("self#jumbf=/c2pa/urn:c2pa:nope/c2pa.signature")]
    [InlineData("self#jumbf=c2pa.assertions/../c2pa.signature")]
    [InlineData("https://example.com/c2pa")]
    public void Unresolvable_uris_give_null(string uri)
    {
        var store = ManifestStore.Parse(TestStores.Store(TestStores.Manifest(First, "one")));
        Assert.Null(store.Resolve(uri, store.Manifests[0]));
    }

    [Fact]
    public void A_compressed_manifest_is_decompressed_and_references_name_the_outer_box()
    {
        var inner = TestStores.Manifest(First, "zipped");
        var store = ManifestStore.Parse(TestStores.Store(TestStores.Compressed(First, inner)));
        var manifest = Assert.Single(store.Manifests);
        Assert.True(manifest.IsCompressed);
        Assert.Equal("zipped", manifest.GetClaim().Title);
        Assert.Equal(inner, manifest.Content.Raw.ToArray());
        // A reference to the manifest resolves to the c2cm box: its hash covers the brob bytes (spec 2.2 §11.1.3.2).
        Assert.Same(manifest.Box, store.Resolve("self#jumbf=/c2pa/" + First));
        Assert.Equal(C2paBoxes.CompressedManifest, manifest.Box.Description!.Type);
        Assert.Equal("c2pa.actions.v2", store.Resolve("self#jumbf=/c2pa/" + First + "/c2pa.assertions/c2pa.actions.v2")!.Label);
    }

    /// <summary>§15.5.4: a compressed manifest that does not decompress, or does not hold a manifest, is manifest.compressed.invalid.</summary>
    [Fact]
    public void A_compressed_manifest_that_is_not_one_is_compressed_invalid()
    {
        var notBrotli = JumbfWriter.SuperBox(C2paBoxes.CompressedManifest, First, [JumbfWriter.ContentBox(BoxTypes.Brotli, [1, 2, 3, 4, 5, 6, 7, 8])]);
        var noBrob = JumbfWriter.SuperBox(C2paBoxes.CompressedManifest, First, [JumbfWriter.ContentBox(BoxTypes.Cbor, [0xA0])]);
        var notJumbf = TestStores.Compressed(First, "not a JUMBF box at all"u8.ToArray());
        var notAManifest = TestStores.Compressed(First, JumbfWriter.SuperBox(JumbfTypes.Json, "c2pa.assertions", []));

        foreach (var (what, manifest) in new[] { ("not Brotli", notBrotli), ("no brob", noBrob), ("not JUMBF", notJumbf), ("not a manifest", notAManifest) })
        {
            // The manifest is rejected, not the store: the other manifests are still there to validate.
            var store = ManifestStore.Parse(TestStores.Store(TestStores.Manifest(Second, "fine"), manifest));
            Assert.Equal([Second, First], store.Manifests.Select(m => m.Label));
            var problem = Assert.Single(store.Manifests[1].Problems);
            Assert.True(problem.StatusCode == "manifest.compressed.invalid", $"{what}: {problem.StatusCode} {problem.Message}");
            Assert.Empty(store.Manifests[0].Problems);
        }
    }

    /// <summary>A store with a broken compressed manifest beside a good one still reads, validates and renders every view.</summary>
    [Fact]
    public async Task A_broken_compressed_manifest_does_not_stop_the_reader()
    {
        var broken = JumbfWriter.SuperBox(C2paBoxes.CompressedManifest, First, [JumbfWriter.ContentBox(BoxTypes.Brotli, [1, 2, 3, 4, 5, 6, 7, 8])]);
        var store = TestStores.Store(broken, TestStores.Manifest(Second, "fine"));

        var reader = await Reader.ReadWithManifestAsync(new MemoryStream(TestStores.Png()), store, new ReaderOptions(),
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Second, reader.ActiveManifestLabel);
        Assert.NotNull(reader.Validation);
        Assert.Contains(First, reader.ToJson(), StringComparison.Ordinal);
        Assert.Contains(First, reader.ToDetailedJson(), StringComparison.Ordinal);
        Assert.NotNull(reader.ToCrJson());
    }

    /// <summary>§15.6.1: a manifest with two claim boxes is rejected with claim.multiple.</summary>
    [Fact]
    public void Two_claim_boxes_in_a_manifest_are_claim_multiple()
    {
        var claim = JumbfWriter.SuperBox(C2paBoxes.Claim, "c2pa.claim.v2", [JumbfWriter.ContentBox(BoxTypes.Cbor, TestStores.ClaimV2("one", "c2pa.actions.v2"))]);
        var second = JumbfWriter.SuperBox(C2paBoxes.Claim, "c2pa.claim", [JumbfWriter.ContentBox(BoxTypes.Cbor, TestStores.ClaimV2("two", "c2pa.actions.v2"))]);
        var manifest = JumbfWriter.SuperBox(C2paBoxes.StandardManifest, First,
        [
            JumbfWriter.SuperBox(C2paBoxes.AssertionStore, "c2pa.assertions", [TestStores.CborAssertion("c2pa.actions.v2", TestStores.Actions())]),
            claim,
            second,
            JumbfWriter.SuperBox(C2paBoxes.ClaimSignature, "c2pa.signature", [JumbfWriter.ContentBox(BoxTypes.Cbor, TestStores.Cose())]),
        ]);

        var store = ManifestStore.Parse(TestStores.Store(manifest));

        var problem = Assert.Single(Assert.Single(store.Manifests).Problems);
        Assert.Equal("claim.multiple", problem.StatusCode);
        Assert.Contains("2 claim boxes", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_labels_are_reported_and_leave_references_unresolved()
    {
        var assertion = TestStores.CborAssertion("c2pa.actions.v2", TestStores.Actions());
        var store = ManifestStore.Parse(TestStores.Store(
            TestStores.Manifest(First, "a", assertions: [assertion, assertion]),
            TestStores.Manifest(First, "b")));
        Assert.Equal(2, store.Manifests.Count);
        Assert.Contains(store.Problems, p => p.Message.Contains("duplicate manifest label", StringComparison.Ordinal));
        Assert.Contains(store.Problems, p => p.Message.Contains("duplicate assertion label c2pa.actions.v2", StringComparison.Ordinal));
        Assert.Null(store.FindManifest(First));
        Assert.Null(store.Resolve("self#jumbf=c2pa.assertions/c2pa.actions.v2", store.Manifests[0]));
    }

    [Fact]
    public void Lookups_among_many_siblings_give_the_same_answers_as_among_few()
    {
        // Past 16 children a superbox answers label lookups from an index (docs/robustness.md): unique labels resolve,
        // a duplicated one stays unresolved, an absent one is null, and the box found is the assertion's own box.
        var assertions = Enumerable.Range(0, 200).Select(i => TestStores.CborAssertion($"org.test.a{i}", TestStores.Actions()))
            .Append(TestStores.CborAssertion("org.test.a7", TestStores.Actions())).ToArray();
        var store = ManifestStore.Parse(TestStores.Store(
            TestStores.Manifest(First, "many", assertions: assertions),
            TestStores.Manifest(Second, "two")));
        var manifest = store.Manifests[0];

        var found = store.Resolve("self#jumbf=c2pa.assertions/org.test.a150", manifest)!;
        Assert.Equal("org.test.a150", found.Label);
        Assert.Same(manifest.FindAssertion("org.test.a150"), manifest.FindAssertion(found));
        Assert.Same(found, store.Resolve($"self#jumbf=/c2pa/{First}/c2pa.assertions/org.test.a150"));
        Assert.Null(store.Resolve("self#jumbf=c2pa.assertions/org.test.a7", manifest));
        Assert.Null(manifest.FindAssertion("org.test.a7"));
        Assert.Null(store.Resolve("self#jumbf=c2pa.assertions/org.test.a200", manifest));
        Assert.Same(store.Manifests[1], store.FindManifest(Second));
        Assert.Null(store.FindManifest("urn:c2pa:absent"));
    }

    [Fact]
    public void Instance_suffix_is_split_from_the_label()
    {
        Assert.Equal(("c2pa.ingredient.v3", 2), Assertion.SplitInstance("c2pa.ingredient.v3__2"));
        Assert.Equal(("stds.exif", 0), Assertion.SplitInstance("stds.exif"));
        Assert.Equal(("a__b", 0), Assertion.SplitInstance("a__b"));
    }

    [Fact]
    public void Claim_cbor_that_lies_about_its_length_is_claim_cbor_invalid()
    {
        // A text string claiming 255 bytes with 3 present.
        var store = ManifestStore.Parse(TestStores.Store(TestStores.Manifest(First, "x", claim: Convert.FromHexString("A1786361626364"))));
        var e = Assert.Throws<MalformedContentException>(() => store.Manifests[0].GetClaim());
        Assert.Equal("claim.cbor.invalid", e.StatusCode);
        Assert.Contains("c2pa.claim.v2/cbor", e.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void Array_claiming_billions_of_items_fails_without_allocating_them()
    {
        var store = ManifestStore.Parse(TestStores.Store(TestStores.Manifest(First, "x", claim: Convert.FromHexString("A161619BFFFFFFFFFFFFFFFF01"))));
        Assert.Equal("claim.cbor.invalid", Assert.Throws<MalformedContentException>(() => store.Manifests[0].GetClaim()).StatusCode);
    }

    [Fact]
    public void Deeply_nested_cbor_is_rejected()
    {
        var deep = Enumerable.Repeat((byte)0x81, 200).Append((byte)0x00).ToArray();
        var e = Assert.Throws<MalformedContentException>(() => CborJson.Decode(deep, "assertion.cbor.invalid"));
        Assert.Equal("assertion.cbor.invalid", e.StatusCode);
        Assert.Matches("depth|deeper", e.Message);
        Assert.True(e.Offset <= 65);
    }

    [Fact]
    public void A_brotli_bomb_stops_at_the_output_bound()
    {
        using var output = new MemoryStream();
        using (var brotli = new System.IO.Compression.BrotliStream(output, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            brotli.Write(new byte[2 * 1024 * 1024]);
        }

        var box = JumbfReader.ReadBox(JumbfWriter.ContentBox(BoxTypes.Brotli, output.ToArray()));
        var e = Assert.Throws<MalformedContentException>(() => BoundedBrotli.Decompress(box.Content.Span, box, maxOutput: 1024 * 1024));
        Assert.Contains("expands beyond", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_that_is_not_c2pa_is_rejected()
    {
        var other = JumbfWriter.SuperBox(JumbfTypes.Json, "c2pa", []);
        Assert.Contains("not a C2PA manifest store", Assert.Throws<MalformedContentException>(() => ManifestStore.Parse(other)).Message, StringComparison.Ordinal);
    }
}
