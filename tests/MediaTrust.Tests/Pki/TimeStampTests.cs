using System.Security.Cryptography;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Spec;
using MediaTrust.Testing;
using MediaTrust.Validation;
using static MediaTrust.Pki.PkiFixtures;

namespace MediaTrust.Pki;

public sealed class TimeStampTests
{
    // A signer that expired before "now", signed (and time-stamped) while it was valid.
    private static readonly DateTimeOffset ExpiredSignerNotAfter = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SignedAt = new(2024, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<(TestPki Pki, PemClaimSigner Signer)> Expired = new(() =>
    {
        var pki = Get(SigningAlgorithm.ES256);
        var leaf = pki.Issue(TestPki.SignerTemplate(TestKeyType.P256, NotBefore, ExpiredSignerNotAfter, "Expired"), pki.Intermediate);
        return (pki, PemClaimSigner.FromPem(leaf.PrivateKeyPem, leaf.CertificatePem + pki.Intermediate.CertificatePem));
    });

    private static byte[] V2Token(Signed signed, IssuedCertificate tsa, TestPki pki, DateTimeOffset genTime) =>
        TestTimeStampAuthority.Issue(tsa, [pki.Intermediate.Certificate],
            SigStructure.ForTimeStamp(signed.ProtectedHeader, signed.SignatureField), genTime);

    [Fact]
    public void An_expired_signer_is_outside_validity_without_a_time_stamp()
    {
        var (pki, signer) = Expired.Value;
        var signed = Sign(signer);

        var result = Validate(signed.Input(), SigningAlgorithm.ES256, TrustFor(pki));

        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureOutsideValidity));
        Assert.Equal(TimeStampState.None, result.TimeStamp.State);
        Assert.Equal(Now, result.ValidityTime);
    }

    [Fact]
    public void An_expired_signer_is_inside_validity_with_a_trusted_time_stamp_from_its_lifetime()
    {
        var (pki, signer) = Expired.Value;
        var signed = Sign(signer);
        var token = V2Token(signed, pki.TimeStampAuthority, pki, SignedAt);

        var result = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, TrustFor(pki));

        Assert.True(result.Has(ValidationStatusCodes.TimeStampValidated), string.Join("\n", result.Findings));
        Assert.True(result.Has(ValidationStatusCodes.TimeStampTrusted));
        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureInsideValidity));
        Assert.Equal(SignedAt, result.ValidityTime);
        Assert.Equal(ValidationState.Trusted, StateOf(result));
    }

    [Fact]
    public void A_trusted_time_stamp_after_expiry_is_outside_validity()
    {
        var (pki, signer) = Expired.Value;
        var signed = Sign(signer);
        var token = V2Token(signed, pki.TimeStampAuthority, pki, ExpiredSignerNotAfter.AddDays(3));

        var result = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, TrustFor(pki));

        Assert.True(result.Has(ValidationStatusCodes.TimeStampTrusted));
        Assert.True(result.Has(ValidationStatusCodes.ClaimSignatureOutsideValidity));
    }

    [Fact]
    public void An_untrusted_tsa_is_informational_and_the_signer_stays_trusted()
    {
        var pki = Get(SigningAlgorithm.ES256);
        var strangers = Get(SigningAlgorithm.ES256, "Stranger TSA");
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        var token = V2Token(signed, strangers.TimeStampAuthority, strangers, SignedAt);

        var result = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, TrustFor(pki));

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.TimeStampUntrusted);
        Assert.Equal(ValidationStatusKind.Informational, finding.Kind);
        Assert.False(result.Has(ValidationStatusCodes.TimeStampValidated));
        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialTrusted));
        Assert.Equal(Now, result.ValidityTime); // the untrusted time is not used
        Assert.Equal(ValidationState.Trusted, StateOf(result));
    }

    [Fact]
    public void The_tsa_anchor_list_is_separate_from_the_signer_anchors()
    {
        // §14.4.2: the TSA root only among the signer anchors does not make the TSA trusted.
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        var token = V2Token(signed, pki.TimeStampAuthority, pki, SignedAt);
        var signerAnchorsOnly = new TrustStoreBuilder().AddSignerAnchors([pki.Root.Certificate]).Build();

        var result = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, signerAnchorsOnly);

        Assert.True(result.Has(ValidationStatusCodes.TimeStampUntrusted));
        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialTrusted));

        var tsaAnchorsToo = new TrustStoreBuilder().AddSignerAnchors([pki.Root.Certificate]).AddTimeStampAnchors([pki.Root.Certificate]).Build();
        Assert.True(Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, tsaAnchorsToo).Has(ValidationStatusCodes.TimeStampTrusted));
    }

    [Fact]
    public void A_token_for_other_bytes_is_a_mismatch()
    {
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        // A v1-style imprint (over the claim) presented as v2: the imprint must be over the signature field.
        var token = TestTimeStampAuthority.Issue(pki.TimeStampAuthority, [pki.Intermediate.Certificate],
            SigStructure.ForTimeStamp(signed.ProtectedHeader, Claim), SignedAt);

        var result = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, TrustFor(pki));

        Assert.True(result.Has(ValidationStatusCodes.TimeStampMismatch));
    }

    [Fact]
    public void A_v1_time_stamp_response_is_checked_over_the_claim()
    {
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        var token = TestTimeStampAuthority.Issue(pki.TimeStampAuthority, [pki.Intermediate.Certificate],
            SigStructure.ForTimeStamp(signed.ProtectedHeader, Claim), SignedAt);

        var good = Validate(signed.Input(tokens: [TestTimeStampAuthority.WrapAsResponse(token)], v2: false), SigningAlgorithm.ES256, TrustFor(pki));
        var rejected = Validate(signed.Input(tokens: [TestTimeStampAuthority.WrapAsResponse(null, status: 2)], v2: false), SigningAlgorithm.ES256, TrustFor(pki));

        Assert.True(good.Has(ValidationStatusCodes.TimeStampTrusted), string.Join("\n", good.Findings));
        Assert.Equal(SignedAt, good.ValidityTime);
        Assert.Contains(rejected.Findings, f => f.Code == ValidationStatusCodes.TimeStampMalformed && f.Explanation.Contains("PKIStatus is 2", StringComparison.Ordinal));
    }

    [Fact]
    public void More_than_one_token_is_malformed_and_all_are_ignored()
    {
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        var token = V2Token(signed, pki.TimeStampAuthority, pki, SignedAt);

        var result = Validate(signed.Input(tokens: [token, token]), SigningAlgorithm.ES256, TrustFor(pki));

        Assert.True(result.Has(ValidationStatusCodes.TimeStampMalformed));
        Assert.Equal(TimeStampState.Ignored, result.TimeStamp.State);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x30, 0x80, 0x00 })]
    [InlineData(new byte[] { 0x04, 0x02, 0xAB, 0xCD })]
    public void Garbage_is_malformed(byte[] token)
    {
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);

        var v2 = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, TrustFor(pki));
        var v1 = Validate(signed.Input(tokens: [token], v2: false), SigningAlgorithm.ES256, TrustFor(pki));

        Assert.True(v2.Has(ValidationStatusCodes.TimeStampMalformed));
        Assert.True(v1.Has(ValidationStatusCodes.TimeStampMalformed));
    }

    [Fact]
    public void A_gen_time_outside_the_tsa_validity_is_outside_validity()
    {
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        var token = V2Token(signed, pki.TimeStampAuthority, pki, NotBefore.AddDays(-10));

        var result = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, TrustFor(pki));

        Assert.True(result.Has(ValidationStatusCodes.TimeStampOutsideValidity));
    }

    [Fact]
    public void A_tsa_without_the_time_stamping_eku_is_untrusted()
    {
        // The claim signer's certificate is not a TSA certificate (§14.5.1.1).
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        var token = V2Token(signed, pki.Signer, pki, SignedAt);

        var result = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, TrustFor(pki));

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.TimeStampUntrusted);
        Assert.Contains("extendedKeyUsage.timeStamping", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sha1_imprint_is_untrusted()
    {
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        var token = TestTimeStampAuthority.Issue(pki.TimeStampAuthority, [pki.Intermediate.Certificate],
            SigStructure.ForTimeStamp(signed.ProtectedHeader, signed.SignatureField), SignedAt, HashAlgorithmName.SHA1);

        var result = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, TrustFor(pki));

        Assert.True(result.Has(ValidationStatusCodes.TimeStampUntrusted));
    }

    [Fact]
    public void A_tampered_token_signature_is_a_mismatch()
    {
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        var token = V2Token(signed, pki.TimeStampAuthority, pki, SignedAt);
        // The ECDSA signature value is the last bytes of the SignerInfo, at the end of the token.
        token[^3] ^= 0x40;

        var result = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, TrustFor(pki));

        Assert.True(result.Has(ValidationStatusCodes.TimeStampMismatch), string.Join("\n", result.Findings));
        Assert.False(result.Has(ValidationStatusCodes.TimeStampTrusted));
    }

    [Fact]
    public void A_tst_info_changed_after_signing_is_a_mismatch()
    {
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        var token = V2Token(signed, pki.TimeStampAuthority, pki, SignedAt);
        // Move genTime a year back: the imprint still matches, the signed message digest no longer does.
        var genTime = System.Text.Encoding.ASCII.GetBytes("20240601100000Z");
        var at = token.AsSpan().IndexOf(genTime);
        Assert.True(at > 0);
        token[at + 3] = (byte)'3';

        var result = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, TrustFor(pki));

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.TimeStampMismatch);
        Assert.Contains("message-digest", finding.Explanation, StringComparison.Ordinal);
        Assert.False(result.Has(ValidationStatusCodes.TimeStampTrusted));
    }

    [Fact]
    public void A_signing_certificate_attribute_naming_another_certificate_is_a_mismatch()
    {
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        var toBeSigned = SigStructure.ForTimeStamp(signed.ProtectedHeader, signed.SignatureField);
        var token = TestTimeStampAuthority.IssueForDigest(pki.TimeStampAuthority, [pki.Intermediate.Certificate], SHA256.HashData(toBeSigned),
            "2.16.840.1.101.3.4.2.1", SignedAt, essNames: pki.OcspResponder.Certificate);

        var result = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, TrustFor(pki));

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.TimeStampMismatch);
        Assert.Contains("signing-certificate", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ed25519_time_stamp_authority_is_verified_and_trusted()
    {
        var pki = Get(SigningAlgorithm.EdDSA);
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        var token = V2Token(signed, pki.TimeStampAuthority, pki, SignedAt);

        var result = Validate(signed.Input(tokens: [token]), SigningAlgorithm.EdDSA, TrustFor(pki));

        Assert.True(result.Has(ValidationStatusCodes.TimeStampTrusted), string.Join("\n", result.Findings));
        Assert.Equal(SignedAt, result.ValidityTime);

        // BouncyCastle writes indefinite lengths, so the token ends in end-of-contents octets: find the
        // signature after the SignerInfo's last Ed25519 OID (06 03 2B 65 70, then 04 40 and 64 bytes).
        var signatureAt = token.AsSpan().LastIndexOf(new byte[] { 0x06, 0x03, 0x2B, 0x65, 0x70 }) + 7;
        Assert.Equal(new byte[] { 0x04, 0x40 }, token[(signatureAt - 2)..signatureAt]);
        token[signatureAt + 10] ^= 0x40;
        var tampered = Validate(signed.Input(tokens: [token]), SigningAlgorithm.EdDSA, TrustFor(pki));
        Assert.True(tampered.Has(ValidationStatusCodes.TimeStampMismatch), string.Join("\n", tampered.Findings));
    }

    [Fact]
    public void A_signer_named_by_subject_key_identifier_is_found()
    {
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        var toBeSigned = SigStructure.ForTimeStamp(signed.ProtectedHeader, signed.SignatureField);
        var token = TestTimeStampAuthority.IssueForDigest(pki.TimeStampAuthority, [pki.Intermediate.Certificate], SHA256.HashData(toBeSigned),
            "2.16.840.1.101.3.4.2.1", SignedAt, signerIdentifier: System.Security.Cryptography.Pkcs.SubjectIdentifierType.SubjectKeyIdentifier);

        var result = Validate(signed.Input(tokens: [token]), SigningAlgorithm.ES256, TrustFor(pki));

        Assert.True(result.Has(ValidationStatusCodes.TimeStampTrusted), string.Join("\n", result.Findings));
    }
}
