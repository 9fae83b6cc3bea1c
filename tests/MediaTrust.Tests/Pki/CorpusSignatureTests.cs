using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Text;
using MediaTrust.Pki;
using MediaTrust.Spec;
using MediaTrust.Testing;
using MediaTrust.Validation;

namespace MediaTrust.Pki;

/// <summary>
/// Real signatures from the corpus, checked end to end: the active manifest's claim and COSE
/// signature, read with the manifest model, through the claim-signature check alone.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class CorpusSignatureTests
{
    [Theory]
    [InlineData("c2pa-rs/sdk/tests/fixtures/cloud_manifest.c2pa")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/ingredient/manifest_data.c2pa")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/C.jpg")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/CA.jpg")]
    [InlineData("c2pa-rs/sdk/tests/fixtures/ocsp.jpg")]
    public async Task The_active_signature_verifies(string relativePath)
    {
        var (claim, cose) = ActiveClaimAndSignature(SharedFolder.RequireCorpusFile(relativePath));
        var input = DecodeCoseSign1(cose, claim);

        // Pinned at the time-stamp when there is one; otherwise validity is whatever it is today, and not asserted.
        var result = await ManifestValidator.CheckClaimSignatureAsync(input, new ValidationOptions
        {
            Trust = TrustStore.Empty,
            ValidationTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
        }, TestContext.Current.CancellationToken);

        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureValidated), string.Join("\n", result.Findings));
        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialUntrusted)); // no anchors configured
        Assert.True(result.Profile!.IsCompliant, result.Profile.Describe());

        // Flip one claim byte: the same real signature no longer verifies.
        var tampered = claim.ToArray();
        tampered[tampered.Length / 2] ^= 0x01;
        var broken = await ManifestValidator.CheckClaimSignatureAsync(input with { ClaimBytes = tampered },
            new ValidationOptions { ValidationTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero) }, TestContext.Current.CancellationToken);
        Assert.True(broken.Has(ValidationStatusCodes.ClaimSignatureMismatch));
        if (input.TimeStampTokens.Count > 0)
        {
            Assert.Contains(result.Findings, f => f.Code is ValidationStatusCodes.TimeStampValidated or ValidationStatusCodes.TimeStampUntrusted);
        }
    }

    [Fact]
    public async Task A_real_digicert_time_stamp_verifies_and_is_judged_by_the_tsa_anchors()
    {
        var tsaList = File.ReadAllText(SharedFolder.RequireCorpusFile("conformance-public/trust-list/C2PA-TSA-TRUST-LIST.pem"));
        var (claim, cose) = ActiveClaimAndSignature(SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/ingredient/manifest_data.c2pa"));
        var input = DecodeCoseSign1(cose, claim);
        var later = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Single(input.TimeStampTokens);

        // The 2023 DigiCert TSA chains to DigiCert Trusted G4, which is not on the C2PA TSA Trust List
        // (that list has DigiCert's C2PA-specific roots): untrusted, and validity falls back to "now".
        var withC2paList = await ManifestValidator.CheckClaimSignatureAsync(input, new ValidationOptions
        {
            Trust = new TrustStoreBuilder().AddTimeStampAnchorsFromPem(tsaList).Build(),
            ValidationTime = later,
        }, TestContext.Current.CancellationToken);
        var untrusted = Assert.Single(withC2paList.Findings, f => f.Code == ValidationStatusCodes.TimeStampUntrusted);
        Assert.Contains("DigiCert Trusted G4", untrusted.Explanation, StringComparison.Ordinal);
        Assert.Equal(later, withC2paList.ValidityTime);

        // Anchoring the TSA certificate itself: the real token's signature, imprint and genTime all check out.
        var tsa = withC2paList.TimeStamp.TsaCertificate!;
        var anchored = await ManifestValidator.CheckClaimSignatureAsync(input, new ValidationOptions
        {
            Trust = new TrustStoreBuilder().AddTimeStampAnchors([tsa]).Build(),
            ValidationTime = later,
        }, TestContext.Current.CancellationToken);
        Assert.True(anchored.Has(ValidationStatusCodes.TimeStampValidated), string.Join("\n", anchored.Findings));
        Assert.True(anchored.Has(ValidationStatusCodes.TimeStampTrusted));
        Assert.True(anchored.ValidityTime < later); // the attested time, not "now"
        Assert.InRange(anchored.ValidityTime, new DateTimeOffset(tsa.NotBefore.ToUniversalTime()), new DateTimeOffset(tsa.NotAfter.ToUniversalTime()));
    }

    [Fact]
    public async Task A_real_stapled_ocsp_response_is_judged_at_the_attested_time()
    {
        var (claim, cose) = ActiveClaimAndSignature(SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/ocsp.jpg"));
        var input = DecodeCoseSign1(cose, claim);

        var first = await ManifestValidator.CheckClaimSignatureAsync(input, new ValidationOptions
        {
            ValidationTime = new DateTimeOffset(2025, 8, 20, 0, 0, 0, TimeSpan.Zero),
        }, TestContext.Current.CancellationToken);
        var result = await ManifestValidator.CheckClaimSignatureAsync(input, new ValidationOptions
        {
            Trust = new TrustStoreBuilder().AddTimeStampAnchors([first.TimeStamp.TsaCertificate!]).Build(),
            ValidationTime = new DateTimeOffset(2025, 8, 20, 0, 0, 0, TimeSpan.Zero),
        }, TestContext.Current.CancellationToken);

        // Without a trusted time, the response (valid 2025-08-11 to 08-18) is stale at the validation time.
        Assert.Contains(first.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialOcspSkipped
            && f.Explanation.Contains("not the validation time", StringComparison.Ordinal));
        Assert.False(input.TimeStampsAreV2);

        // With the (real, v1) time-stamp trusted, the attested time falls inside the response's window (§15.9.1).
        Assert.True(result.Has(ValidationStatusCodes.TimeStampTrusted), string.Join("\n", result.Findings));
        var notRevoked = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialOcspNotRevoked);
        Assert.Contains("stapled", notRevoked.Explanation, StringComparison.Ordinal);
        Assert.Equal(RevocationState.NotRevoked, result.Revocation.State);
    }

    [Theory]
    [InlineData("c2pa-rs/sdk/tests/fixtures/E-sig-CA.jpg")]
    [InlineData("public-testfiles/image/jpeg/adobe-20220124-E-sig-CA.jpg")]
    public async Task A_real_bad_signature_is_a_mismatch_and_so_is_its_time_stamp(string relativePath)
    {
        // Expected (MANIFEST.tsv, c2patool output): claimSignature.mismatch + timeStamp.mismatch.
        var (claim, cose) = ActiveClaimAndSignature(SharedFolder.RequireCorpusFile(relativePath));
        var input = DecodeCoseSign1(cose, claim);

        var result = await ManifestValidator.CheckClaimSignatureAsync(input, new ValidationOptions
        {
            ValidationTime = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero),
        }, TestContext.Current.CancellationToken);

        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureMismatch), string.Join("\n", result.Findings));
        Assert.True(result.Has(ValidationStatusCodes.TimeStampMismatch));
        Assert.Equal(ValidationState.Invalid, PkiFixtures.StateOf(result));
    }

    [Theory]
    [InlineData("cards_trusted.jpg", "signingCredential.trusted timeStamp.trusted claimSignature.insideValidity", "Trusted")]
    [InlineData("cards_expired_with_timestamp.jpg", "signingCredential.trusted timeStamp.trusted claimSignature.insideValidity", "Trusted")]
    [InlineData("cards_expired_without_timestamp.jpg", "signingCredential.trusted claimSignature.outsideValidity", "Invalid")]
    [InlineData("cards_expired_with_untrusted_timestamp.jpg", "signingCredential.trusted timeStamp.untrusted claimSignature.outsideValidity", "Invalid")]
    [InlineData("cards_trusted_without_timestamp.jpg", "signingCredential.trusted claimSignature.outsideValidity", "Invalid")]
    [InlineData("cards_untrusted.jpg", "signingCredential.untrusted", "Valid")]
    public async Task The_extension_validator_cards_get_their_expected_outcomes(string file, string expectedCodes, string expectedState)
    {
        // Anchors as the corpus states: the test root for signers, DigiCert's TSA CA for time-stamps (a separate list).
        const string Folder = "c2pa-extension-validator/test/";
        var trust = new TrustStoreBuilder()
            .AddSignerAnchorsFromPem(File.ReadAllText(SharedFolder.RequireCorpusFile(Folder + "trusted/root_CA.crt")))
            .AddTimeStampAnchorsFromPem(File.ReadAllText(SharedFolder.RequireCorpusFile(Folder + "trustedTSA/digicert_TSA_CA.pem"))).Build();
        var (claim, cose) = ActiveClaimAndSignature(SharedFolder.RequireCorpusFile(Folder + "media/" + file));

        var result = await ManifestValidator.CheckClaimSignatureAsync(DecodeCoseSign1(cose, claim), new ValidationOptions
        {
            Trust = trust,
            ValidationTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), // after every signer expired
        }, TestContext.Current.CancellationToken);

        var all = string.Join("\n", result.Findings);
        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureValidated), all);
        foreach (var code in expectedCodes.Split(' '))
        {
            Assert.True(result.Has(code), $"expected {code}:\n{all}");
        }

        Assert.True(expectedState == PkiFixtures.StateOf(result).ToString(), $"expected {expectedState}, got {PkiFixtures.StateOf(result)}:\n{all}");
    }

    /// <summary>The C2PA manifest store of a .c2pa sidecar, or of a JPEG (APP11 JUMBF segments, reassembled).</summary>
    /// <summary>The active manifest's claim bytes and COSE_Sign1 bytes, read with the real manifest model.</summary>
    internal static (byte[] Claim, byte[] Cose) ActiveClaimAndSignature(string path)
    {
        var manifest = StoreReads.File(path).Store.ActiveManifest!;
        return (manifest.ClaimBytes!.Value.ToArray(), manifest.SignatureBytes!.Value.ToArray());
    }

    /// <summary>The claim-signature check's input from a COSE_Sign1 and the claim it signs.</summary>
    internal static ClaimSignatureInput DecodeCoseSign1(byte[] cose, byte[] claim) =>
        ClaimSignatureInput.From(global::MediaTrust.Cose.CoseSign1.Decode(cose), claim);
}
