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
    public void EachAlgorithmSignsAndVerifiesAndIsTrusted(SigningAlgorithm algorithm)
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
    public void AFlippedSignatureByteIsAMismatch(SigningAlgorithm algorithm)
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
    public void AChangedClaimIsAMismatch()
    {
        using var signer = SignerFor(SigningAlgorithm.ES256);
        var signed = Sign(signer);

        var result = Validate(signed.Input(claim: [.. Claim, 0x20]), SigningAlgorithm.ES256, TrustFor(Get(SigningAlgorithm.ES256)));

        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureMismatch));
    }

    [Fact]
    public void ASwappedCertificateIsAMismatch()
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
    public void AKeyOfAnotherTypeCannotVerify()
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
    public async Task AnAlgorithmOutsideTheListIsUnsupported(long? alg)
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
    public void AnyNistCurveWorksWithAnyEcdsaAlgorithm()
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
    public void WithoutAnchorsTheSignerIsUntrustedButValid()
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
    public void AnotherPkisRootDoesNotTrustTheSigner()
    {
        using var signer = SignerFor(SigningAlgorithm.ES256);
        var signed = Sign(signer);

        var result = Validate(signed.Input(), SigningAlgorithm.ES256, TrustFor(Get(SigningAlgorithm.ES256, "Stranger")));

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialUntrusted));
    }

    [Fact]
    public void AnAllowListedEndEntityIsTrustedWithoutAChain()
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
    public void AnchorsForAnotherEkuDoNotApply()
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
    public void ASignerWithoutAnAcceptedEkuIsUntrusted()
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
    public void AnEmptyOrBrokenChainIsAnInvalidCredential()
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
    public void AnExpiredSignerWithoutATimeStampIsOutsideValidity()
    {
        using var signer = SignerFor(SigningAlgorithm.ES256);
        var signed = Sign(signer);

        var result = Validate(signed.Input(), SigningAlgorithm.ES256, TrustFor(Get(SigningAlgorithm.ES256)), now: NotAfter.AddDays(30));

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.ClaimSignatureOutsideValidity);
        Assert.Contains("expired", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(ValidationState.Invalid, StateOf(result));
    }

    [Fact]
    public void ClaimedTimeOfSigningIsCheckedAgainstValidity()
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
    public void ACaCertificateAsSignerIsUntrustedAndInvalid()
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
