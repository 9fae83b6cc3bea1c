using System.Net;
using System.Security.Cryptography.Pkcs;
using System.Text.Json.Nodes;
using MediaTrust.Manifests;
using MediaTrust.Pki;
using MediaTrust.Spec;
using MediaTrust.Testing;
using MediaTrust.Validation;

namespace MediaTrust.Signing;

/// <summary>Signing with a parent ingredient from the corpus: its manifests are carried and c2pa-rs agrees on the ingredient's verdict.</summary>
public sealed class IngredientSigningTests
{
    private static readonly ManifestDefinition Edited = ManifestDefinition.FromJson("""
        {
          "claim_generator_info": [{ "name": "MediaTrust tests", "version": "1.0" }],
          "title": "edited.jpg",
          "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.color_adjustments" } ] } } ]
        }
        """);

    [Trait("Category", "Corpus")]
    [Theory]
    [InlineData("c2pa-rs/sdk/tests/fixtures/CA.jpg")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/CACA.jpg")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/CACAE-uri-CA.jpg")]
    public async Task Parent_manifests_and_verdicts_are_carried_and_c2pa_rs_agrees(string corpusFile)
    {
        var parentPath = SharedFolder.RequireCorpusFile(corpusFile);
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        var directory = Directory.CreateTempSubdirectory("mediatrust-parent-");
        try
        {
            var output = Path.Combine(directory.FullName, "edited.jpg");
            var anchors = Path.Combine(directory.FullName, "root.pem");
            await File.WriteAllTextAsync(anchors, pki.Root.CertificatePem, cancellationToken);
            var parentStore = StoreReads.File(parentPath).Store;
            var builder = new ManifestBuilder(Edited)
            {
                Ingredients = [new IngredientFile { Path = parentPath, Relationship = IngredientFile.ParentOf }],
            };
            await using (var source = new MemoryStream(GeneratedAssets.Create("jpg")))
            await using (var destination = File.Create(output))
            {
                await builder.SignAsync(source, destination, signer, cancellationToken);
            }

            // Store order: the ingredient's manifests first, in their order, ours last (spec 2.2 §11.1.3).
            var reader = await Reader.ReadFileAsync(output, SignEveryFormatTests.TrustingRoot(pki), cancellationToken);
            Assert.Equal([.. parentStore.Manifests.Select(m => m.Label)], reader.Store.Manifests.SkipLast(1).Select(m => m.Label));
            Assert.True(reader.Validation!.State == ValidationState.Trusted, string.Join("; ", reader.Validation.Failures));
            var ours = reader.Store.ActiveManifest!;
            Assert.NotNull(ours.FindAssertion("c2pa.ingredient.v3"));
            Assert.NotNull(ours.FindAssertion("c2pa.thumbnail.ingredient"));

            // c2pa-rs: our manifest trusted, and the ingredient's recorded results are what it finds itself.
            Oracle.RunTrusted(output, anchors);
            var json = Oracle.Run(output, mode: "json", anchorsPem: anchors);
            var active = json["manifests"]![json["active_manifest"]!.GetValue<string>()]!;
            var ingredient = active["ingredients"]!.AsArray().Single()!;
            Assert.Equal("parentOf", ingredient["relationship"]!.GetValue<string>());
            Assert.Equal(parentStore.ActiveManifest!.Label, ingredient["active_manifest"]!.GetValue<string>());
            var parentAlone = Oracle.Run(parentPath, mode: "json");
            Assert.True(Codes(parentAlone["validation_results"]?["activeManifest"]?["failure"]).SequenceEqual(Codes(ingredient["validation_results"]?["activeManifest"]?["failure"])),
                $"alone: {parentAlone["validation_results"]?.ToJsonString()} as ingredient: {ingredient.ToJsonString()}");
            Assert.Equal(Codes(parentAlone["validation_status"]), Codes(ingredient["validation_status"]));
            var opened = active["assertions"]!.AsArray().Single(a => a!["label"]!.GetValue<string>() == "c2pa.actions.v2")!["data"]!["actions"]![0]!;
            Assert.Equal("c2pa.opened", opened["action"]!.GetValue<string>());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task An_ingredient_copied_twice_is_stored_once_and_a_conflicting_label_is_renamed()
    {
        var parentPath = SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/CA.jpg");
        using var signer = TestSigner.Create();
        var builder = new ManifestBuilder(Edited)
        {
            Ingredients =
            [
                new IngredientFile { Path = parentPath, Relationship = IngredientFile.ParentOf },
                new IngredientFile { Path = parentPath, Relationship = IngredientFile.ComponentOf },
            ],
        };
        using var source = new MemoryStream(GeneratedAssets.Create("png"));
        using var signed = new MemoryStream();
        await builder.SignAsync(source, signed, signer, TestContext.Current.CancellationToken);

        var store = StoreReads.Stream(signed).Store;
        Assert.Equal(StoreReads.File(parentPath).Store.Manifests.Count + 1, store.Manifests.Count);
        Assert.NotNull(store.ActiveManifest!.FindAssertion("c2pa.ingredient.v3__1"));
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task A_parent_with_a_created_action_is_refused()
    {
        var parentPath = SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/CA.jpg");
        using var signer = TestSigner.Create();
        var builder = new ManifestBuilder(SignEveryFormatTests.AiGenerated) { Ingredients = [new IngredientFile { Path = parentPath, Relationship = IngredientFile.ParentOf }] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            builder.SignAsync(new MemoryStream(GeneratedAssets.Create("png")), new MemoryStream(), signer, TestContext.Current.CancellationToken));

        Assert.Contains("c2pa.created", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Failure codes, trust aside: whether a signer is trusted depends on the anchors of each reading, not on the ingredient.</summary>
    private static string[] Codes(JsonNode? array) =>
        [.. (array?.AsArray() ?? []).Select(n => n!["code"]!.GetValue<string>()).Where(c => c != "signingCredential.untrusted").Order(StringComparer.Ordinal)];
}

/// <summary>Time-stamps from an RFC 3161 authority served on loopback by the test itself; nothing leaves the machine.</summary>
public sealed class TimeStampSigningTests
{
    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Tsa_url_adds_a_v2_time_stamp_that_mediatrust_and_c2pa_rs_accept()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        using var tsa = new LoopbackTsa(pki);
        using var http = new HttpClient();
        var directory = Directory.CreateTempSubdirectory("mediatrust-tsa-");
        try
        {
            var output = Path.Combine(directory.FullName, "stamped.jpg");
            var anchors = Path.Combine(directory.FullName, "root.pem");
            await File.WriteAllTextAsync(anchors, pki.Root.CertificatePem, cancellationToken);
            var builder = new ManifestBuilder(SignEveryFormatTests.AiGenerated) { TimeStampProvider = new HttpTimeStampProvider(tsa.Url, http) };
            await using (var source = new MemoryStream(GeneratedAssets.Create("jpg")))
            await using (var destination = File.Create(output))
            {
                await builder.SignAsync(source, destination, signer, cancellationToken);
            }

            Assert.Equal(1, tsa.Requests);
            var options = new ReaderOptions
            {
                Validation = new ValidationOptions
                {
                    Trust = new TrustStoreBuilder().AddSignerAnchorsFromPem(pki.Root.CertificatePem).AddTimeStampAnchorsFromPem(pki.Root.CertificatePem).Build(),
                },
            };
            var reader = await Reader.ReadFileAsync(output, options, cancellationToken);
            Assert.True(reader.Validation!.State == ValidationState.Trusted, string.Join("; ", reader.Validation.Failures));
            Assert.Contains(reader.Validation.Results.ActiveManifest.Success, f => f.Code == ValidationStatusCodes.TimeStampTrusted);

            Oracle.RunTrusted(output, anchors);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
