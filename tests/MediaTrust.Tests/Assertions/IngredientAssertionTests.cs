using System.Formats.Cbor;
using MediaTrust.IO;
using MediaTrust.Manifests;
using MediaTrust.Spec;
using MediaTrust.Testing;

namespace MediaTrust.Assertions;

public sealed class IngredientAssertionTests
{
    private const string Fixtures = "c2pa-rs/sdk/tests/fixtures/";

    private static readonly byte[] Results = Canonical(w =>
    {
        w.WriteStartMap(1);
        w.WriteTextString("activeManifest");
        w.WriteStartMap(3);
        foreach (var kind in new[] { "success", "informational", "failure" })
        {
            w.WriteTextString(kind);
            w.WriteStartArray(0);
            w.WriteEndArray();
        }

        w.WriteEndMap();
        w.WriteEndMap();
    });

    private static byte[] Canonical(Action<CborWriter> write)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        write(writer);
        return writer.Encode();
    }

    [Fact]
    public void A_written_v3_ingredient_reads_back_and_writes_the_same_bytes()
    {
        var ingredient = new IngredientAssertion("parent.jpg", null, "image/jpeg", null, "xmp:iid:1", IngredientAssertion.ParentOf,
            new HashedUri("self#jumbf=/c2pa/urn:c2pa:a", new byte[] { 1 }), new HashedUri("self#jumbf=/c2pa/urn:c2pa:a/c2pa.signature", new byte[] { 2 }),
            new HashedUri(JumbfUri.ForAssertionStore("c2pa.thumbnail.ingredient"), new byte[] { 3 }), null);
        var written = ingredient.WriteV3(Results);

        var read = IngredientAssertion.Read(written);
        Assert.Equal(ingredient with { ValidationResults = read.ValidationResults }, read with { ActiveManifest = ingredient.ActiveManifest, ClaimSignature = ingredient.ClaimSignature, Thumbnail = ingredient.Thumbnail });
        Assert.Equal(ingredient.ActiveManifest!.Url, read.ActiveManifest!.Url);
        Assert.Equal([1], read.ActiveManifest.Hash.ToArray());
        Assert.Equal([2], read.ClaimSignature!.Hash.ToArray());
        Assert.Equal([3], read.Thumbnail!.Hash.ToArray());
        Assert.NotNull(read.ValidationResults!["activeManifest"]);
        Assert.Equal(written, read.WriteV3(Results));
    }

    [Fact]
    public void An_ingredient_without_a_manifest_is_written_without_manifest_fields()
    {
        var written = new IngredientAssertion("in.png", null, "image/png", null, null, "inputTo", null, null, null, null).WriteV3(null);
        var read = IngredientAssertion.Read(written);

        Assert.Equal("inputTo", read.Relationship);
        Assert.Null(read.ActiveManifest);
        Assert.Null(read.ValidationResults);
        Assert.Equal(written, read.WriteV3(null));
    }

    [Theory]
    [Trait("Category", "Corpus")]
    [InlineData("public-testfiles/image/jpeg/adobe-20220124-CACA.jpg", AssertionLabels.IngredientV1)]
    [InlineData(Fixtures + "CIE-sig-CA.jpg", AssertionLabels.IngredientV2)]
    [InlineData(Fixtures + "CACA.jpg", AssertionLabels.IngredientV3)]
    public void An_ingredient_of_each_version_reads_its_title_relationship_and_manifest(string file, string label)
    {
        var all = CorpusAssertions.Of(file).Where(x => x.Assertion.BaseLabel == label).Select(x => IngredientAssertion.Read(x.Assertion.Data)).ToList();
        var read = all.First(i => i.ActiveManifest is not null);

        Assert.False(string.IsNullOrEmpty(read.Title));
        Assert.NotNull(read.Format);
        Assert.NotNull(read.Relationship);
        Assert.StartsWith(JumbfUri.Prefix, read.ActiveManifest!.Url, StringComparison.Ordinal);
        Assert.NotEqual(0, read.ActiveManifest.Hash.Length);
        Assert.Equal(label == AssertionLabels.IngredientV3, read.ClaimSignature is not null);
    }

    [Fact]
    public void An_ingredient_that_is_not_a_map_is_malformed()
    {
        var e = Assert.Throws<MalformedContentException>(() => IngredientAssertion.Read(TestStores.Cbor(w => w.WriteTextString("parentOf"))));
        Assert.Equal(ValidationStatusCodes.AssertionIngredientMalformed, e.StatusCode);
    }

    [Fact]
    public void An_ingredient_that_is_not_cbor_is_invalid_cbor()
    {
        var e = Assert.Throws<MalformedContentException>(() => IngredientAssertion.Read(new byte[] { 0xA1, 0x61 }));
        Assert.Equal(ValidationStatusCodes.AssertionCborInvalid, e.StatusCode);
    }

    [Fact]
    public void An_assertion_reads_once()
    {
        var store = TestStores.Store(TestStores.Manifest("urn:c2pa:one", "t", assertions:
            [TestStores.CborAssertion(AssertionLabels.IngredientV3, new IngredientAssertion("a", null, "image/png", null, null, "componentOf", null, null, null, null).WriteV3(null))]));
        var assertion = ManifestStore.Parse(store).Manifests[0].Assertions[0];

        Assert.Same(IngredientAssertion.Read(assertion), IngredientAssertion.Read(assertion));
    }
}
