using System.Formats.Cbor;
using MediaTrust.IO;
using MediaTrust.Spec;
using MediaTrust.Testing;

namespace MediaTrust.Assertions;

public sealed class ActionsAssertionTests
{
    private const string Fixtures = "c2pa-rs/sdk/tests/fixtures/";

    [Theory]
    [Trait("Category", "Corpus")]
    [InlineData(Fixtures + "legacy_ingredient_hash.jpg", AssertionLabels.ActionsV1)]
    [InlineData(Fixtures + "CACA.jpg", AssertionLabels.ActionsV2)]
    public void Actions_of_each_version_read_their_names_and_ingredients(string file, string label)
    {
        var read = ActionsAssertion.Read(CorpusAssertions.First(file, label).Data);

        Assert.NotEmpty(read.Actions!);
        Assert.All(read.Actions!, a => Assert.StartsWith("c2pa.", a.Name, StringComparison.Ordinal));
        Assert.Contains(read.Actions!, a => a.Ingredients is { Count: > 0 } uris && uris[0].Hash.Length > 0);
    }

    [Fact]
    public void A_v2_action_names_its_ingredients_and_a_v1_action_its_ingredient()
    {
        var read = ActionsAssertion.Read(TestStores.Cbor(w =>
        {
            w.WriteStartMap(1);
            w.WriteTextString("actions");
            w.WriteStartArray(4);
            Action(w, "c2pa.opened", "ingredients", array: true);
            Action(w, "c2pa.placed", "ingredient", array: false);
            Action(w, "c2pa.edited", null, array: false);
            w.WriteTextString("not an action");
            w.WriteEndArray();
            w.WriteEndMap();
        }));

        Assert.Equal(["c2pa.opened", "c2pa.placed", "c2pa.edited", null], read.Actions!.Select(a => a.Name));
        Assert.Equal("self#jumbf=c2pa.assertions/c2pa.ingredient.v3", Assert.Single(read.Actions![0].Ingredients!).Url);
        Assert.Single(read.Actions![1].Ingredients!);
        Assert.Null(read.Actions![2].Ingredients);
    }

    [Fact]
    public void A_hash_written_as_an_array_of_bytes_reads_as_the_hash()
    {
        var read = ActionsAssertion.Read(TestStores.Cbor(w =>
        {
            w.WriteStartMap(1);
            w.WriteTextString("actions");
            w.WriteStartArray(1);
            w.WriteStartMap(2);
            w.WriteTextString("action");
            w.WriteTextString("c2pa.placed");
            w.WriteTextString("parameters");
            w.WriteStartMap(1);
            w.WriteTextString("ingredient");
            w.WriteStartMap(2);
            w.WriteTextString("url");
            w.WriteTextString("self#jumbf=c2pa.assertions/c2pa.ingredient");
            w.WriteTextString("hash");
            w.WriteStartArray(2);
            w.WriteInt32(7);
            w.WriteInt32(255);
            w.WriteEndArray();
            w.WriteEndMap();
            w.WriteEndMap();
            w.WriteEndMap();
            w.WriteEndArray();
            w.WriteEndMap();
        }));

        Assert.Equal([7, 255], Assert.Single(read.Actions![0].Ingredients!).Hash.ToArray());
    }

    [Fact]
    public void Actions_without_an_actions_array_read_as_none_and_a_non_map_is_malformed()
    {
        Assert.Null(ActionsAssertion.Read(TestStores.Cbor(w =>
        {
            w.WriteStartMap(0);
            w.WriteEndMap();
        })).Actions);
        var e = Assert.Throws<MalformedContentException>(() => ActionsAssertion.Read(TestStores.Cbor(w => w.WriteInt32(1))));
        Assert.Equal(ValidationStatusCodes.AssertionActionMalformed, e.StatusCode);
    }

    [Fact]
    public void Update_manifests_allow_four_actions_and_no_binding_or_thumbnail()
    {
        Assert.Equal(4, UpdateManifestRules.AllowedActions.Count);
        Assert.True(UpdateManifestRules.IsAllowedAction("c2pa.opened"));
        Assert.False(UpdateManifestRules.IsAllowedAction("c2pa.created"));
        Assert.False(UpdateManifestRules.IsAllowedAction(null));
        Assert.True(UpdateManifestRules.IsContentBinding(AssertionLabels.BmffHashV1));
        Assert.True(UpdateManifestRules.IsContentBinding(AssertionLabels.MultiAssetHash));
        Assert.False(UpdateManifestRules.IsContentBinding("c2pa.hash.data.part"));
        Assert.True(UpdateManifestRules.RefusedWhenWriting("c2pa.hash.data.part"));
        Assert.True(UpdateManifestRules.IsThumbnail("c2pa.thumbnail.claim.jpeg"));
    }

    private static void Action(CborWriter w, string name, string? field, bool array)
    {
        w.WriteStartMap(field is null ? 1 : 2);
        w.WriteTextString("action");
        w.WriteTextString(name);
        if (field is not null)
        {
            w.WriteTextString("parameters");
            w.WriteStartMap(1);
            w.WriteTextString(field);
            if (array)
            {
                w.WriteStartArray(1);
            }

            w.WriteStartMap(2);
            w.WriteTextString("url");
            w.WriteTextString("self#jumbf=c2pa.assertions/c2pa.ingredient.v3");
            w.WriteTextString("hash");
            w.WriteByteString([1, 2]);
            w.WriteEndMap();
            if (array)
            {
                w.WriteEndArray();
            }

            w.WriteEndMap();
        }

        w.WriteEndMap();
    }
}
