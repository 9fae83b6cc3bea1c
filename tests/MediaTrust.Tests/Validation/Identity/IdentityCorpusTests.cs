using MediaTrust.Spec;
using MediaTrust.Testing;

namespace MediaTrust.Validation.Identity;

/// <summary>
/// The c2pa-rs CAWG fixtures, one per structural or X.509 code (CAWG identity 1.3, "Validation method"): each gives
/// its code, the identity axis says so, and the C2PA state is what it would be without the identity assertion.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class IdentityCorpusTests
{
    private const string Fixtures = "c2pa-rs/sdk/src/identity/tests/fixtures/";
    private static readonly DateTimeOffset RecordedAt = new(2026, 11, 26, 11, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("validation_method/duplicate_assertion_reference.jpg", ValidationStatusCodes.CawgIdentityAssertionDuplicate)]
    [InlineData("validation_method/extra_assertion_claim_v1.jpg", ValidationStatusCodes.CawgIdentityAssertionMismatch)]
    [InlineData("validation_method/no_hard_binding.jpg", ValidationStatusCodes.CawgIdentityHardBindingMissing)]
    [InlineData("validation_method/invalid_sig_type.jpg", ValidationStatusCodes.CawgIdentitySigTypeUnknown)]
    [InlineData("validation_method/pad1_invalid.jpg", ValidationStatusCodes.CawgIdentityPadInvalid)]
    [InlineData("validation_method/pad2_invalid.jpg", ValidationStatusCodes.CawgIdentityPadInvalid)]
    [InlineData("validation_method/malformed_cbor.jpg", ValidationStatusCodes.CawgIdentityCborInvalid)]
    public async Task Each_structural_fixture_gives_its_code_on_the_identity_axis_only(string fixture, string code)
    {
        var report = await ValidateAsync(fixture, new ValidationOptions { ValidationTime = RecordedAt });

        Assert.Contains(code, report.Failures.Select(f => f.Code));
        Assert.Equal(IdentityStatus.Invalid, report.Axes.Identity);
        Assert.Equal(IdentityStatus.Invalid, Assert.Single(report.Identities).Status);
        Assert.NotEqual(ValidationState.Invalid, report.State); // the C2PA verdict ignores CAWG failures
    }

    [Fact]
    public async Task An_x509_identity_is_well_formed_but_untrusted_without_cawg_anchors_and_trusted_with_them()
    {
        var corpus = SharedFolder.RequireCorpus();
        var report = await ValidateAsync("validation_method/extra_field.jpg", new ValidationOptions { ValidationTime = RecordedAt });
        var identity = Assert.Single(report.Identities);
        Assert.Equal(IdentityStatus.WellFormed, identity.Status);
        Assert.Contains(ValidationStatusCodes.CawgX509SignatureValidated, identity.Findings.Select(f => f.Code));
        Assert.Equal([ValidationStatusCodes.CawgX509CredentialUntrusted], identity.Findings.Where(f => f.Kind == ValidationStatusKind.Failure).Select(f => f.Code));
        Assert.NotNull(identity.Signer?.CommonName);

        // The C2PA anchors do not vouch for an identity: CAWG trust is configured apart (1.3, "Trust model").
        var c2paOnly = new Pki.TrustStoreBuilder().AddSignerAnchorsFromPem(await File.ReadAllTextAsync(Path.Combine(corpus, "c2pa-rs/sdk/tests/fixtures/certs/trust/test_cert_root_bundle.pem"), TestContext.Current.CancellationToken)).Build();
        report = await ValidateAsync("validation_method/extra_field.jpg", new ValidationOptions { ValidationTime = RecordedAt, Trust = c2paOnly });
        Assert.Equal(IdentityStatus.WellFormed, report.Axes.Identity);

        // The same anchors as CAWG anchors: the chain holds, but this test certificate is S/MIME (id-kp-emailProtection)
        // without a validated certificate policy, which the interim trust model refuses (1.3, "Interim trust model additions").
        var pem = await File.ReadAllTextAsync(Path.Combine(corpus, "c2pa-rs/sdk/tests/fixtures/certs/trust/test_cert_root_bundle.pem"), TestContext.Current.CancellationToken);
        report = await ValidateAsync("validation_method/extra_field.jpg", new ValidationOptions { ValidationTime = RecordedAt, IdentityTrust = IdentityTrustModel.CreateStore().ToBuilder().AddSignerAnchorsFromPem(pem).Build() });
        var untrusted = Assert.Single(report.Identities[0].Findings, f => f.Code == ValidationStatusCodes.CawgX509CredentialUntrusted);
        Assert.Contains("certificate policy", untrusted.Explanation, StringComparison.Ordinal);

        // A user's own allow-listed identity certificate is trusted as it is.
        var leaf = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(
            Convert.FromBase64String(LeafOf(Path.Combine(corpus, Fixtures, "validation_method/extra_field.jpg"))));
        var allowed = IdentityTrustModel.CreateStore().ToBuilder().AllowEndEntity(leaf).Build();
        report = await ValidateAsync("validation_method/extra_field.jpg", new ValidationOptions { ValidationTime = RecordedAt, IdentityTrust = allowed });
        Assert.True(report.Axes.Identity == IdentityStatus.Verified, string.Join("\n", report.Identities[0].Findings));
        Assert.Contains(ValidationStatusCodes.CawgIdentityTrusted, report.Results.ActiveManifest.Success.Select(f => f.Code));
        Assert.Equal(ValidationState.Valid, report.State);
    }

    /// <summary>The identity signer's certificate (base 64 DER), read from the identity assertion's COSE x5chain.</summary>
    private static string LeafOf(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var format = Formats.AssetFormats.Detect(new MemoryStream(bytes))!;
        var store = Manifests.ManifestStore.Parse(format.StoreToRead(format.ReadStores(new MemoryStream(bytes), TestContext.Current.CancellationToken)));
        var assertion = store.ActiveManifest!.Assertions.First(a => a.BaseLabel == Assertions.AssertionLabels.CawgIdentity);
        var cose = Cose.CoseSign1.Decode(Assertions.IdentityAssertion.TryRead(assertion, out _)!.Signature);
        return Convert.ToBase64String(cose.CertificateChain[0].Span);
    }

    [Fact]
    public async Task Did_web_issuers_stay_offline_unless_a_resolver_is_given()
    {
        var report = await ValidateAsync("claim_aggregation/adobe_connected_identities.jpg", new ValidationOptions { ValidationTime = RecordedAt });
        Assert.Contains(ValidationStatusCodes.CawgIdentityNetworkTrafficBlocked, report.Failures.Select(f => f.Code));

        // The DID document c2pa-rs ships beside the fixture, through an injected resolver.
        var document = await File.ReadAllTextAsync(Path.Combine(SharedFolder.RequireCorpus(), Fixtures, "claim_aggregation/connected_identities_did.json"), TestContext.Current.CancellationToken);
        report = await ValidateAsync("claim_aggregation/adobe_connected_identities.jpg", new ValidationOptions { ValidationTime = RecordedAt, DidResolver = new FixedResolver(document) });
        var identity = Assert.Single(report.Identities);
        Assert.DoesNotContain(identity.Findings, f => f.Code is ValidationStatusCodes.CawgIcaDidUnavailable or ValidationStatusCodes.CawgIdentityNetworkTrafficBlocked or ValidationStatusCodes.CawgIcaSignatureMismatch);
        Assert.NotEmpty(identity.VerifiedIdentities);
    }

    private static async Task<ValidationReport> ValidateAsync(string fixture, ValidationOptions options)
    {
        var file = Path.Combine(SharedFolder.RequireCorpus(), Fixtures, fixture);
        var reader = await Reader.ReadFileAsync(file, new ReaderOptions { Validation = options }, TestContext.Current.CancellationToken);
        return reader.Validation!;
    }

    private sealed class FixedResolver(string document) : IDidResolver
    {
        public Task<string?> ResolveAsync(string did, CancellationToken cancellationToken = default) => Task.FromResult<string?>(document);
    }
}
