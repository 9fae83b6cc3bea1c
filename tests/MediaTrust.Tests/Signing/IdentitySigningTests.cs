using MediaTrust.Assertions;
using MediaTrust.Cose;
using MediaTrust.Jumbf;
using MediaTrust.Pki;
using MediaTrust.Spec;
using MediaTrust.Testing;
using MediaTrust.Validation;
using MediaTrust.Validation.Identity;

namespace MediaTrust.Signing;

/// <summary>Signing with a CAWG X.509 identity (CAWG identity 1.3, "X.509 certificates and COSE signatures"), read back by our validator.</summary>
public sealed class IdentitySigningTests
{
    private static ManifestDefinition Definition(string extra = "") => ManifestDefinition.FromJson($$"""
        { "claim_generator_info": [{ "name": "MediaTrust tests", "version": "1.0" }], "title": "asset"{{extra}},
          "assertions": [
            { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.created", "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" } ] } },
            { "label": "cawg.training-mining", "data": { "entries": { "cawg.ai_generative_training": { "use": "notAllowed" } } } } ] }
        """);

    /// <summary>The identity's own PKI: its anchors are configured apart from the C2PA ones (1.3, "Trust model for X.509 certificates").</summary>
    internal static TestPki IdentityPki => PkiFixtures.Get(SigningAlgorithm.ES256, "MediaTrust Identity");

    internal static TrustStore IdentityAnchors(TestPki pki) => IdentityTrustModel.CreateStore().ToBuilder().AddSignerAnchorsFromPem(pki.Root.CertificatePem).Build();

    internal static async Task<byte[]> SignAsync(byte[] asset, IReadOnlyList<IdentitySigner> identities, string extra = "")
    {
        using var signer = PkiFixtures.Get(SigningAlgorithm.ES256).CreateClaimSigner();
        var builder = new ManifestBuilder(Definition(extra)) { GenerateThumbnails = false, Identities = identities };
        using var output = new MemoryStream();
        await builder.SignAsync(new MemoryStream(asset), output, signer, TestContext.Current.CancellationToken);
        return output.ToArray();
    }

    private static async Task<ValidationReport> ValidateAsync(byte[] signed, TrustStore? identityTrust = null)
    {
        var options = new ValidationOptions
        {
            Trust = PkiFixtures.TrustFor(PkiFixtures.Get(SigningAlgorithm.ES256)),
            IdentityTrust = identityTrust ?? IdentityTrustModel.CreateStore(),
            ValidationTime = PkiFixtures.Now,
        };
        var reader = await Reader.ReadAsync(new MemoryStream(signed), new ReaderOptions { Validation = options }, TestContext.Current.CancellationToken);
        return reader.Validation!;
    }

    [Theory]
    [InlineData("jpg", AssertionLabels.DataHash)]
    [InlineData("mp4", AssertionLabels.BmffHashV3)]
    public async Task A_signed_identity_is_well_formed_without_its_anchor_and_verified_with_it(string extension, string hardBinding)
    {
        var pki = IdentityPki;
        using var identity = pki.CreateSigner(pki.IssueIdentitySigner("Jane Doe"));
        var signed = await SignAsync(GeneratedAssets.Create(extension), [new IdentitySigner(identity) { Roles = [SignerPayload.CreatorRole] }]);

        var untrusted = await ValidateAsync(signed);
        Assert.Equal(ValidationState.Trusted, untrusted.State);
        var report = Assert.Single(untrusted.Identities);
        Assert.Equal(IdentityStatus.WellFormed, untrusted.Axes.Identity);
        Assert.Equal([ValidationStatusCodes.CawgX509CredentialUntrusted], report.Findings.Where(f => f.Kind == ValidationStatusKind.Failure).Select(f => f.Code));
        Assert.Contains(ValidationStatusCodes.CawgX509SignatureValidated, report.Findings.Select(f => f.Code));
        Assert.Equal([hardBinding, AssertionLabels.ActionsV2, AssertionLabels.CawgTrainingMining], report.ReferencedAssertions);
        Assert.Equal([SignerPayload.CreatorRole], report.Roles);
        Assert.Equal("Jane Doe", report.Signer?.CommonName);

        var trusted = await ValidateAsync(signed, IdentityAnchors(pki));
        Assert.Equal(IdentityStatus.Verified, trusted.Axes.Identity);
        Assert.Contains(ValidationStatusCodes.CawgIdentityTrusted, trusted.Identities[0].Findings.Select(f => f.Code));
        Assert.DoesNotContain(trusted.Identities[0].Findings, f => f.Kind == ValidationStatusKind.Failure);
    }

    [Fact]
    public async Task The_final_identity_assertion_fills_its_placeholder_exactly_with_zero_padding()
    {
        var pki = IdentityPki;
        using var identity = pki.CreateSigner(pki.IssueIdentitySigner());
        var signed = await SignAsync(GeneratedAssets.Create("jpg"), [new IdentitySigner(identity)]);

        var reader = await Reader.ReadAsync(new MemoryStream(signed), ReaderOptions.StoreOnly, TestContext.Current.CancellationToken);
        var assertion = reader.Store.ActiveManifest!.Assertions.Single(a => a.Label == AssertionLabels.CawgIdentity);
        var parsed = IdentityAssertion.TryRead(assertion, out var problem);
        Assert.True(parsed is not null, problem);
        Assert.True(parsed.PadsAreZero);
        Assert.True(parsed.Pad1.Length > 0, "the reserved room the signature did not use is padding");
        Assert.Equal(SignerPayload.X509Cose, parsed.SignerPayload.SigType);
    }

    [Fact]
    public async Task Two_identities_get_numbered_labels_and_an_s_mime_identity_is_trusted_under_the_interim_model()
    {
        var pki = IdentityPki;
        using var creator = pki.CreateSigner(pki.IssueIdentitySigner("Jane Doe"));
        using var publisher = pki.CreateSigner(pki.IssueIdentitySigner("Daily Planet", smime: true));
        var signed = await SignAsync(GeneratedAssets.Create("jpg"), [new IdentitySigner(creator) { Roles = [SignerPayload.CreatorRole] }, new IdentitySigner(publisher) { Roles = ["cawg.publisher"] }]);

        var report = await ValidateAsync(signed, IdentityAnchors(pki));

        Assert.Equal([AssertionLabels.CawgIdentity, $"{AssertionLabels.CawgIdentity}__1"], report.Identities.Select(i => i.Label));
        Assert.All(report.Identities, i => Assert.Equal(IdentityStatus.Verified, i.Status));
        Assert.Equal(IdentityStatus.Verified, report.Axes.Identity);
    }

    [Fact]
    public async Task The_definition_names_an_identity_by_its_key_and_certificate_files()
    {
        var pki = IdentityPki;
        var certificate = pki.IssueIdentitySigner("Jane Doe");
        var folder = Directory.CreateTempSubdirectory("mediatrust-identity-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "identity.key"), certificate.PrivateKeyPem, TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "identity.pem"), certificate.CertificatePem + pki.Intermediate.CertificatePem, TestContext.Current.CancellationToken);
            var definition = Definition(""", "identities": [ { "private_key": "identity.key", "sign_cert": "identity.pem", "alg": "es256", "roles": ["cawg.creator"] } ]""");
            using var signer = PkiFixtures.Get(SigningAlgorithm.ES256).CreateClaimSigner();
            using var output = new MemoryStream();
            await new ManifestBuilder(definition, folder.FullName) { GenerateThumbnails = false }
                .SignAsync(new MemoryStream(GeneratedAssets.Create("jpg")), output, signer, TestContext.Current.CancellationToken);

            var report = await ValidateAsync(output.ToArray(), IdentityAnchors(pki));
            Assert.Equal(IdentityStatus.Verified, report.Axes.Identity);
            Assert.Equal([SignerPayload.CreatorRole], report.Identities[0].Roles);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_sidecar_store_carries_the_identity_too()
    {
        var pki = IdentityPki;
        using var identity = pki.CreateSigner(pki.IssueIdentitySigner());
        using var signer = PkiFixtures.Get(SigningAlgorithm.ES256).CreateClaimSigner();
        var asset = GeneratedAssets.Create("png");
        var store = await new ManifestBuilder(Definition()) { GenerateThumbnails = false, Identities = [new IdentitySigner(identity)] }
            .SignSidecarAsync(new MemoryStream(asset), signer, TestContext.Current.CancellationToken);

        var reader = await Reader.ReadWithManifestAsync(new MemoryStream(asset), store, new ReaderOptions
        {
            Validation = new ValidationOptions { Trust = PkiFixtures.TrustFor(PkiFixtures.Get(SigningAlgorithm.ES256)), IdentityTrust = IdentityAnchors(pki), ValidationTime = PkiFixtures.Now },
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(IdentityStatus.Verified, reader.Validation!.Axes.Identity);
    }

    /// <summary>
    /// c2pa-rs reads our identity assertions as well-formed: no <c>cawg.*</c> failure but the credential's trust. The oracle
    /// configures C2PA anchors only (c2pa-rs keeps CAWG anchors in separate settings), so c2pa-rs cannot call the identity
    /// trusted; docs/conformance.md.
    /// </summary>
    [Trait("Category", "Corpus")]
    [Theory]
    [InlineData("jpg")]
    [InlineData("mp4")]
    public async Task C2pa_rs_reads_our_signed_identity_as_well_formed(string extension)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        using var identity = pki.CreateSigner(pki.IssueIdentitySigner("Jane Doe"));
        var directory = Directory.CreateTempSubdirectory("mediatrust-identity-oracle-");
        try
        {
            var output = Path.Combine(directory.FullName, "signed." + extension);
            await using (var destination = File.Create(output))
            {
                await new ManifestBuilder(Definition()) { Identities = [new IdentitySigner(identity) { Roles = [SignerPayload.CreatorRole] }] }
                    .SignAsync(new MemoryStream(GeneratedAssets.Create(extension)), destination, signer, cancellationToken);
            }

            var anchors = Path.Combine(directory.FullName, "root.pem");
            await File.WriteAllTextAsync(anchors, pki.Root.CertificatePem, cancellationToken);
            var store = MediaTrust.Testing.Oracle.Run(output, "json", anchors);
            var statuses = (store["validation_results"]?["activeManifest"]?["failure"]?.AsArray() ?? [])
                .Select(n => n!["code"]!.GetValue<string>()).ToList();
            Assert.Equal([ValidationStatusCodes.CawgX509CredentialUntrusted], statuses.Where(c => c.StartsWith("cawg.", StringComparison.Ordinal)));
            Assert.DoesNotContain(statuses, c => !c.StartsWith("cawg.", StringComparison.Ordinal));
            var assertion = store["manifests"]![store["active_manifest"]!.GetValue<string>()]!["assertions"]!.AsArray()
                .Single(a => a!["label"]!.GetValue<string>() == AssertionLabels.CawgIdentity)!;
            Assert.Equal(SignerPayload.X509Cose, assertion["data"]!["signer_payload"]!["sig_type"]!.GetValue<string>());
            Assert.Equal("Jane Doe", assertion["data"]!["signature_info"]!["common_name"]!.GetValue<string>());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_update_manifest_refuses_an_identity_before_writing_anything()
    {
        var pki = IdentityPki;
        using var identity = pki.CreateSigner(pki.IssueIdentitySigner());
        var signed = await SignAsync(GeneratedAssets.Create("jpg"), []);
        using var signer = PkiFixtures.Get(SigningAlgorithm.ES256).CreateClaimSigner();
        using var output = new MemoryStream();

        await Assert.ThrowsAsync<NotSupportedException>(() => new ManifestBuilder(Definition()) { Identities = [new IdentitySigner(identity)] }
            .UpdateAsync(new MemoryStream(signed), output, signer, TestContext.Current.CancellationToken));
        Assert.Equal(0, output.Length);
    }
}
