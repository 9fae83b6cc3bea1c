using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Spec;
using MediaTrust.Testing;
using static MediaTrust.Pki.PkiFixtures;

namespace MediaTrust.Validation;

public sealed class ClaimSignatureTests
{
    public static TheoryData<SigningAlgorithm> Algorithms =>
    [
        SigningAlgorithm.ES256, SigningAlgorithm.ES384, SigningAlgorithm.ES512,
        SigningAlgorithm.PS256, SigningAlgorithm.PS384, SigningAlgorithm.PS512, SigningAlgorithm.EdDSA,
    ];

    private static TestPki PkiFor(SigningAlgorithm algorithm) =>
        // One RSA PKI serves PS256/384/512 (the key does not fix the hash).
        Get(algorithm.IsRsaPss() ? SigningAlgorithm.PS256 : algorithm);

    private static PemClaimSigner SignerFor(SigningAlgorithm algorithm)
    {
        var pki = PkiFor(algorithm);
        return PemClaimSigner.FromPem(pki.Signer.PrivateKeyPem, pki.SignerChainPem, algorithm);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Each_algorithm_signs_and_verifies_and_is_trusted(SigningAlgorithm algorithm)
    {
        using var signer = SignerFor(algorithm);
        var signed = Sign(signer);

        var result = Validate(signed.Input(), algorithm, TrustFor(PkiFor(algorithm)));

        Assert.Equal(SignatureCheck.Valid, result.Signature);
        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureValidated), string.Join("\n", result.Findings));
        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialTrusted), string.Join("\n", result.Findings));
        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureInsideValidity));
        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspSkipped));
        Assert.True(result.Profile!.IsCompliant, result.Profile.Describe());
        Assert.Equal(ValidationState.Trusted, StateOf(result));
        Assert.Equal(3, result.TrustPath.Count);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_flipped_signature_byte_is_a_mismatch(SigningAlgorithm algorithm)
    {
        using var signer = SignerFor(algorithm);
        var signed = Sign(signer);
        var tampered = signed.Signature.ToArray();
        tampered[tampered.Length / 2] ^= 0x01;

        var result = Validate(signed.Input() with { Signature = tampered }, algorithm, TrustFor(PkiFor(algorithm)));

        Assert.Equal(SignatureCheck.Mismatch, result.Signature);
        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureMismatch));
        Assert.False(result.Has(ValidationStatusCodes.ClaimSignatureValidated));
        Assert.Equal(ValidationState.Invalid, StateOf(result));
    }

    [Fact]
    public void A_changed_claim_is_a_mismatch()
    {
        using var signer = SignerFor(SigningAlgorithm.ES256);
        var signed = Sign(signer);

        var result = Validate(signed.Input(claim: [.. Claim, 0x20]), SigningAlgorithm.ES256, TrustFor(Get(SigningAlgorithm.ES256)));

        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureMismatch));
    }

    [Fact]
    public void A_swapped_certificate_is_a_mismatch()
    {
        // Same CA, same key type, but another end entity's certificate in x5chain.
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = SignerFor(SigningAlgorithm.ES256);
        var signed = Sign(signer);
        var other = pki.Issue(TestPki.SignerTemplate(TestKeyType.P256, NotBefore, NotAfter, "Other"), pki.Intermediate);
        var chain = new List<ReadOnlyMemory<byte>> { other.Certificate.RawData, pki.Intermediate.Certificate.RawData };

        var result = Validate(signed.Input() with { CertificateChain = chain }, SigningAlgorithm.ES256, TrustFor(pki));

        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureMismatch));
        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialTrusted)); // the other certificate itself is fine
        Assert.Equal(ValidationState.Invalid, StateOf(result));
    }

    [Fact]
    public void A_key_of_another_type_cannot_verify()
    {
        using var signer = SignerFor(SigningAlgorithm.ES256);
        var signed = Sign(signer);

        var result = Validate(signed.Input(), SigningAlgorithm.PS256, TrustFor(Get(SigningAlgorithm.ES256)));

        Assert.Equal(SignatureCheck.KeyNotUsable, result.Signature);
        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureMismatch));
    }

    [Theory]
    [InlineData(-257L)] // RS256: not allowed for claims
    [InlineData(-47L)] // ES256K
    [InlineData(null)]
    public async Task An_algorithm_outside_the_list_is_unsupported(long? alg)
    {
        using var signer = SignerFor(SigningAlgorithm.ES256);
        var signed = Sign(signer);

        var result = await ManifestValidator.CheckClaimSignatureAsync(signed.Input() with { Algorithm = alg },
            new ValidationOptions { Trust = TrustFor(Get(SigningAlgorithm.ES256)), ValidationTime = Now }, TestContext.Current.CancellationToken);

        Assert.True(result.Has(ValidationStatusCodes.AlgorithmUnsupported));
        Assert.Null(result.Signature);
        Assert.Equal(ValidationState.Invalid, StateOf(result));
    }

    [Fact]
    public void Any_nist_curve_works_with_any_ecdsa_algorithm()
    {
        // §13.2.1: a P-384 key may sign ES256.
        using var signer = SignerFor(SigningAlgorithm.ES384);
        var pki = Get(SigningAlgorithm.ES384);
        using var es256 = PemClaimSigner.FromPem(pki.Signer.PrivateKeyPem, pki.SignerChainPem, SigningAlgorithm.ES256);
        var signed = Sign(es256);

        var result = Validate(signed.Input(), SigningAlgorithm.ES256, TrustFor(pki));

        Assert.Equal(SignatureCheck.Valid, result.Signature);
    }

    [Fact]
    public void Without_anchors_the_signer_is_untrusted_but_valid()
    {
        using var signer = SignerFor(SigningAlgorithm.ES256);
        var signed = Sign(signer);

        var result = Validate(signed.Input(), SigningAlgorithm.ES256, TrustStore.Empty);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialUntrusted));
        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureValidated));
        Assert.Equal(SignerTrust.Untrusted, result.Trust);
        Assert.Equal(ValidationState.Valid, StateOf(result));
    }

    [Fact]
    public void Another_pkis_root_does_not_trust_the_signer()
    {
        using var signer = SignerFor(SigningAlgorithm.ES256);
        var signed = Sign(signer);

        var result = Validate(signed.Input(), SigningAlgorithm.ES256, TrustFor(Get(SigningAlgorithm.ES256, "Stranger")));

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialUntrusted));
    }

    [Fact]
    public void An_allow_listed_end_entity_is_trusted_without_a_chain()
    {
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = SignerFor(SigningAlgorithm.ES256);
        var signed = Sign(signer);
        var trust = new TrustStoreBuilder().AddAllowedEndEntities(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(pki.Signer.Certificate.RawData))).Build();

        var result = Validate(signed.Input(), SigningAlgorithm.ES256, trust);

        Assert.Equal(SignerTrust.AllowListed, result.Trust);
        Assert.Equal(ValidationState.Trusted, StateOf(result));
    }

    [Fact]
    public void Anchors_for_another_eku_do_not_apply()
    {
        // §14.4.1: anchors are per EKU; an anchor for documentSigning only does not trust a claimSigning signer.
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = SignerFor(SigningAlgorithm.ES256);
        var signed = Sign(signer);
        var trust = new TrustStoreBuilder().AddSignerAnchors([pki.Root.Certificate], ["1.3.6.1.5.5.7.3.36"]).Build();

        var result = Validate(signed.Input(), SigningAlgorithm.ES256, trust);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialUntrusted));
        trust = trust.ToBuilder().AddSignerAnchors([pki.Root.Certificate], [CertificateProfile.ClaimSigningEku]).Build();
        Assert.True(Validate(signed.Input(), SigningAlgorithm.ES256, trust).Has(ValidationStatusCodes.SigningCredentialTrusted));
    }

    [Fact]
    public void A_signer_without_an_accepted_eku_is_untrusted()
    {
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = SignerFor(SigningAlgorithm.ES256);
        var signed = Sign(signer);
        var trust = TrustFor(pki).ToBuilder().SetSignerEkus(["1.3.6.1.5.5.7.3.36"]).Build();

        var result = Validate(signed.Input(), SigningAlgorithm.ES256, trust);

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialUntrusted);
        Assert.Contains("no EKU accepted", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_or_broken_chain_is_an_invalid_credential()
    {
        using var signer = SignerFor(SigningAlgorithm.ES256);
        var signed = Sign(signer);
        var trust = TrustFor(Get(SigningAlgorithm.ES256));

        var empty = Validate(signed.Input() with { CertificateChain = [] }, SigningAlgorithm.ES256, trust);
        var broken = Validate(signed.Input() with { CertificateChain = [new byte[] { 0x30, 0x03, 0x02, 0x01 }] }, SigningAlgorithm.ES256, trust);

        Assert.True(empty.Has(ValidationStatusCodes.SigningCredentialInvalid));
        Assert.True(broken.Has(ValidationStatusCodes.SigningCredentialInvalid));
        Assert.Equal(ValidationState.Invalid, StateOf(broken));
    }

    [Fact]
    public void An_expired_signer_without_a_time_stamp_is_outside_validity()
    {
        using var signer = SignerFor(SigningAlgorithm.ES256);
        var signed = Sign(signer);

        var result = Validate(signed.Input(), SigningAlgorithm.ES256, TrustFor(Get(SigningAlgorithm.ES256)), now: NotAfter.AddDays(30));

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.ClaimSignatureOutsideValidity);
        Assert.Contains("expired", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(ValidationState.Invalid, StateOf(result));
    }

    [Fact]
    public void Claimed_time_of_signing_is_checked_against_validity()
    {
        using var signer = SignerFor(SigningAlgorithm.ES256);
        var inside = Sign(signer, iat: Now.AddDays(-1).ToUnixTimeSeconds());
        var outside = Sign(signer, iat: NotAfter.AddDays(10).ToUnixTimeSeconds());
        var trust = TrustFor(Get(SigningAlgorithm.ES256));

        var good = Validate(inside.Input(iat: Now.AddDays(-1).ToUnixTimeSeconds()), SigningAlgorithm.ES256, trust);
        var bad = Validate(outside.Input(iat: NotAfter.AddDays(10).ToUnixTimeSeconds()), SigningAlgorithm.ES256, trust);

        Assert.True(good.Has(ValidationStatusCodes.TimeOfSigningInsideValidity));
        Assert.True(bad.Has(ValidationStatusCodes.TimeOfSigningOutsideValidity));
        Assert.Equal(ValidationState.Trusted, StateOf(bad)); // informational only (§15.8.3)
    }

    [Fact]
    public void A_ca_certificate_as_signer_is_untrusted_and_invalid()
    {
        var pki = Get(SigningAlgorithm.ES256);
        var ca = pki.Issue(TestPki.SignerTemplate(TestKeyType.P256, NotBefore, NotAfter, "CA signer") with
        {
            IsCa = true, KeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage.DigitalSignature | Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign,
        }, pki.Intermediate);
        using var signer = PemClaimSigner.FromPem(ca.PrivateKeyPem, ca.CertificatePem + pki.Intermediate.CertificatePem);
        var signed = Sign(signer);

        var result = Validate(signed.Input(), SigningAlgorithm.ES256, TrustFor(pki));

        Assert.Contains(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialUntrusted && f.Explanation.Contains("CA certificate", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialInvalid && f.Explanation.Contains("basicConstraints", StringComparison.Ordinal));
        Assert.Equal(ValidationState.Invalid, StateOf(result));
    }
}
