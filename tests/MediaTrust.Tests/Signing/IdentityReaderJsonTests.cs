using System.Text.Json.Nodes;
using MediaTrust.Assertions;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Spec;
using MediaTrust.Testing;
using MediaTrust.Validation;
using MediaTrust.Validation.Identity;

namespace MediaTrust.Signing;

/// <summary>
/// Identity assertions in the Reader JSON (shaped as c2pa-rs shows them, docs/validation.md) and in ingredient manifests,
/// with generated credentials only: nothing here needs the shared corpus.
/// </summary>
public sealed class IdentityReaderJsonTests
{
    private static ValidationOptions Options(TrustStore? identityTrust = null) => new()
    {
        Trust = PkiFixtures.TrustFor(PkiFixtures.Get(SigningAlgorithm.ES256)),
        IdentityTrust = identityTrust ?? IdentityTrustModel.CreateStore(),
        ValidationTime = PkiFixtures.Now,
    };

    private static async Task<byte[]> SignedWithIdentityAsync(string name = "Jane Doe")
    {
        var pki = IdentitySigningTests.IdentityPki;
        using var identity = pki.CreateSigner(pki.IssueIdentitySigner(name));
        return await IdentitySigningTests.SignAsync(GeneratedAssets.Create("jpg"), [new IdentitySigner(identity) { Roles = [SignerPayload.CreatorRole] }]);
    }

    private static JsonNode IdentityData(Reader reader, string? manifestLabel = null)
    {
        var json = JsonNode.Parse(reader.ToJson())!;
        var label = manifestLabel ?? json["active_manifest"]!.GetValue<string>();
        return json["manifests"]![label]!["assertions"]!.AsArray().Single(a => a!["label"]!.GetValue<string>() == AssertionLabels.CawgIdentity)!["data"]!;
    }

    [Fact]
    public async Task An_x509_identity_shows_its_signer_payload_and_signature_info_not_its_bytes()
    {
        var signed = await SignedWithIdentityAsync();
        var reader = await Reader.ReadAsync(new MemoryStream(signed), new ReaderOptions { Validation = Options() }, TestContext.Current.CancellationToken);

        var data = IdentityData(reader);
        Assert.Equal(["signer_payload", "signature_info"], data.AsObject().Select(p => p.Key));
        var payload = data["signer_payload"]!;
        Assert.Equal(["referenced_assertions", "sig_type", "role"], payload.AsObject().Select(p => p.Key));
        Assert.Equal(
            [$"self#jumbf=c2pa.assertions/{AssertionLabels.DataHash}", $"self#jumbf=c2pa.assertions/{AssertionLabels.ActionsV2}", $"self#jumbf=c2pa.assertions/{AssertionLabels.CawgTrainingMining}"],
            payload["referenced_assertions"]!.AsArray().Select(r => r!["url"]!.GetValue<string>()));
        Assert.All(payload["referenced_assertions"]!.AsArray(), r => Assert.Equal(32, Convert.FromBase64String(r!["hash"]!.GetValue<string>()).Length));
        Assert.Equal(SignerPayload.X509Cose, payload["sig_type"]!.GetValue<string>());
        Assert.Equal([SignerPayload.CreatorRole], payload["role"]!.AsArray().Select(r => r!.GetValue<string>()));

        var info = data["signature_info"]!;
        Assert.Equal("Es256", info["alg"]!.GetValue<string>());
        Assert.Equal("Jane Doe", info["common_name"]!.GetValue<string>());
        Assert.Matches("^[0-9]+$", info["cert_serial_number"]!.GetValue<string>());
        Assert.True(info["revocation_status"]!.GetValue<bool>(), "validated, and not known to be revoked");
    }

    [Fact]
    public async Task CrJson_shows_an_x509_identity_signature_as_the_identity_signers_certificate()
    {
        var signed = await SignedWithIdentityAsync();
        var reader = await Reader.ReadAsync(new MemoryStream(signed), ReaderOptions.StoreOnly, TestContext.Current.CancellationToken);

        var identity = JsonNode.Parse(reader.ToCrJson())!["manifests"]![0]!["assertions"]![AssertionLabels.CawgIdentity]!;
        Assert.Equal("es256", identity["signature"]!["algorithm"]!.GetValue<string>());
        Assert.Equal("Jane Doe", identity["signature"]!["certificateInfo"]!["subject"]!["CN"]!.GetValue<string>());
        Assert.Equal(SignerPayload.X509Cose, identity["signer_payload"]!["sig_type"]!.GetValue<string>());
        Assert.StartsWith("b64'", identity["signer_payload"]!["referenced_assertions"]![0]!["hash"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("b64'", identity["pad1"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_validation_the_summary_claims_no_revocation_status_and_a_broken_signature_is_shown_raw()
    {
        var signed = await SignedWithIdentityAsync();
        var storeOnly = await Reader.ReadAsync(new MemoryStream(signed), ReaderOptions.StoreOnly, TestContext.Current.CancellationToken);
        var data = IdentityData(storeOnly);
        Assert.NotNull(data["signature_info"]);
        Assert.Null(data["signature_info"]!["revocation_status"]);

        // Flip one byte of the identity's COSE signature value (inside the identity assertion, not the claim signature):
        // the claim's hash of the assertion no longer matches either, but the identity is what this test looks at.
        var assertion = storeOnly.Store.ActiveManifest!.Assertions.Single(a => a.Label == AssertionLabels.CawgIdentity);
        var identity = IdentityAssertion.TryRead(assertion, out _)!;
        var cose = CoseSign1.Decode(identity.Signature);
        var signatureValue = cose.Signature.ToArray();
        var at = IndexOf(signed, signatureValue);
        Assert.True(at > 0, "the identity's signature value is in the file");
        signed[at + 5] ^= 0xFF;

        var tampered = await Reader.ReadAsync(new MemoryStream(signed), new ReaderOptions { Validation = Options() }, TestContext.Current.CancellationToken);
        Assert.Contains(ValidationStatusCodes.CawgX509SignatureMismatch, tampered.Validation!.Identities.Single().Findings.Select(f => f.Code));
        var raw = IdentityData(tampered);
        Assert.Equal(["signer_payload", "signature", "pad1"], raw.AsObject().Select(p => p.Key).Take(3));
    }

    [Fact]
    public async Task An_ingredients_identity_is_validated_on_its_own_axis_and_shown_in_its_manifest()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var parent = await SignedWithIdentityAsync("Parent Author");
        var directory = Directory.CreateTempSubdirectory("mediatrust-identity-ingredient-");
        try
        {
            var parentPath = Path.Combine(directory.FullName, "parent.jpg");
            await File.WriteAllBytesAsync(parentPath, parent, cancellationToken);
            using var signer = PkiFixtures.Get(SigningAlgorithm.ES256).CreateClaimSigner();
            var builder = new ManifestBuilder(ManifestDefinition.FromJson("""
                { "claim_generator_info": [{ "name": "MediaTrust tests", "version": "1.0" }], "title": "edited",
                  "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.opened" } ] } } ] }
                """))
            {
                GenerateThumbnails = false,
                Ingredients = [new IngredientFile { Path = parentPath, Relationship = IngredientFile.ParentOf }],
            };
            using var output = new MemoryStream();
            await builder.SignAsync(new MemoryStream(GeneratedAssets.Create("jpg")), output, signer, cancellationToken);

            var reader = await Reader.ReadAsync(new MemoryStream(output.ToArray()), new ReaderOptions { Validation = Options() }, cancellationToken);
            var report = reader.Validation!;
            var parentLabel = reader.Manifests[^2].Label;

            // The active manifest has no identity; the ingredient's is well-formed but untrusted, and changes no C2PA state.
            Assert.Equal(IdentityStatus.None, report.Axes.Identity);
            Assert.Equal(ValidationState.Trusted, report.State);
            var identity = Assert.Single(report.IngredientIdentities[parentLabel]);
            Assert.Equal(IdentityStatus.WellFormed, identity.Status);
            Assert.Equal("Parent Author", identity.Signer?.CommonName);
            var delta = Assert.Single(report.Results.IngredientDeltas);
            Assert.Contains(ValidationStatusCodes.CawgX509CredentialUntrusted, delta.ValidationDeltas.Failure.Select(f => f.Code));
            Assert.Contains(ValidationStatusCodes.CawgIdentityWellFormed, delta.ValidationDeltas.Success.Concat(delta.ValidationDeltas.Informational).Select(f => f.Code));

            // Its Reader JSON shows the decoded identity, with the revocation status validation established.
            Assert.Equal("Parent Author", IdentityData(reader, parentLabel)["signature_info"]!["common_name"]!.GetValue<string>());
            Assert.True(IdentityData(reader, parentLabel)["signature_info"]!["revocation_status"]!.GetValue<bool>());

            // With the identity's anchor, the ingredient's identity is verified.
            var trusted = await Reader.ReadAsync(new MemoryStream(output.ToArray()),
                new ReaderOptions { Validation = Options(IdentitySigningTests.IdentityAnchors(IdentitySigningTests.IdentityPki)) }, cancellationToken);
            Assert.Equal(IdentityStatus.Verified, trusted.Validation!.IngredientIdentities[parentLabel].Single().Status);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}
