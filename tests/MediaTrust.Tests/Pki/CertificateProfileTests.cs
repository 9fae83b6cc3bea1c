using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Spec;
using MediaTrust.Validation;
using static MediaTrust.Pki.PkiFixtures;
using KU = Org.BouncyCastle.Asn1.X509.KeyUsage;
using MediaTrust.Testing;

namespace MediaTrust.Pki;

public sealed class CertificateProfileTests
{
    private static TestPki Pki => Get(SigningAlgorithm.ES256);

    private static CertificateTemplate Leaf => TestPki.SignerTemplate(TestKeyType.P256, NotBefore, NotAfter, "Profile");

    private static CertificateRuleResult FailingRule(CertificateTemplate template, string rule,
        CertificatePurpose purpose = CertificatePurpose.ClaimSigning, bool selfSigned = false)
    {
        var issued = Pki.Issue(template, selfSigned ? null : Pki.Intermediate);
        var report = CertificateProfile.Check(issued.Certificate, purpose);
        Assert.False(report.IsCompliant);
        var failure = Assert.Single(report.Failures, f => f.Rule == rule);
        Assert.Contains(rule, report.Describe(), StringComparison.Ordinal);
        return failure;
    }

    [Theory]
    [InlineData(SigningAlgorithm.ES256)]
    [InlineData(SigningAlgorithm.ES384)]
    [InlineData(SigningAlgorithm.ES512)]
    [InlineData(SigningAlgorithm.PS256)]
    [InlineData(SigningAlgorithm.EdDSA)]
    public void The_generated_pki_meets_the_profile(SigningAlgorithm algorithm)
    {
        var pki = Get(algorithm);

        Assert.True(CertificateProfile.Check(pki.Signer.Certificate, CertificatePurpose.ClaimSigning).IsCompliant);
        Assert.True(CertificateProfile.Check(pki.TimeStampAuthority.Certificate, CertificatePurpose.TimeStamping).IsCompliant);
        Assert.True(CertificateProfile.Check(pki.OcspResponder.Certificate, CertificatePurpose.OcspSigning).IsCompliant);
        Assert.True(CertificateProfile.Check(pki.Intermediate.Certificate, CertificatePurpose.CertificateAuthority).IsCompliant);
        var root = CertificateProfile.Check(pki.Root.Certificate, CertificatePurpose.CertificateAuthority);
        Assert.True(root.IsCompliant, root.Describe());
    }

    [Fact]
    public void Sha1_signature_fails()
    {
        var failure = FailingRule(Leaf with { SignatureAlgorithm = "SHA1withECDSA" }, "signatureAlgorithm");
        Assert.Contains("1.2.840.10045.4.1", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_curve_outside_the_list_fails() =>
        Assert.Contains("1.3.132.0.10", FailingRule(Leaf with { KeyType = TestKeyType.Secp256k1 }, "publicKey.curve").Detail, StringComparison.Ordinal);

    [Fact]
    public void A_small_rsa_key_fails() =>
        Assert.Equal("1024 bits", FailingRule(Leaf with { KeyType = TestKeyType.Rsa1024 }, "publicKey.rsaSize").Detail);

    [Fact]
    public void Version1_fails() =>
        Assert.Equal("version 1", FailingRule(Leaf with { Version1 = true }, "version").Detail);

    [Fact]
    public void Unique_identifiers_fail() =>
        FailingRule(Leaf with { WithUniqueIds = true }, "uniqueIdentifiers");

    [Fact]
    public void A_ca_certificate_cannot_sign_claims() =>
        Assert.Equal("cA is asserted", FailingRule(Leaf with { IsCa = true }, "basicConstraints").Detail);

    [Fact]
    public void A_ca_without_basic_constraints_fails() =>
        FailingRule(Leaf with { IsCa = true, IncludeBasicConstraints = false, KeyUsage = KU.KeyCertSign | KU.DigitalSignature, Ekus = null },
            "basicConstraints", CertificatePurpose.CertificateAuthority);

    [Fact]
    public void Key_cert_sign_without_ca_fails() =>
        FailingRule(Leaf with { KeyUsage = KU.KeyCertSign | KU.DigitalSignature }, "keyUsage.keyCertSignOnlyOnCa");

    [Fact]
    public void A_missing_authority_key_identifier_fails() =>
        FailingRule(Leaf with { IncludeAuthorityKeyId = false }, "authorityKeyIdentifier");

    [Fact]
    public void A_self_signed_certificate_needs_no_authority_key_identifier()
    {
        var issued = Pki.Issue(Leaf with { IncludeAuthorityKeyId = false }, issuer: null);
        var report = CertificateProfile.Check(issued.Certificate, CertificatePurpose.ClaimSigning);
        Assert.Contains(report.Rules, r => r.Rule == "authorityKeyIdentifier" && r.Passed);
    }

    [Fact]
    public void A_ca_without_subject_key_identifier_fails() =>
        FailingRule(Leaf with { IsCa = true, KeyUsage = KU.KeyCertSign, Ekus = null, IncludeSubjectKeyId = false },
            "subjectKeyIdentifier", CertificatePurpose.CertificateAuthority);

    [Fact]
    public void A_missing_key_usage_fails() =>
        FailingRule(Leaf with { KeyUsage = null }, "keyUsage");

    [Fact]
    public void Key_usage_without_digital_signature_fails() =>
        FailingRule(Leaf with { KeyUsage = KU.NonRepudiation }, "keyUsage.digitalSignature");

    [Fact]
    public void A_ca_without_key_cert_sign_fails() =>
        FailingRule(Leaf with { IsCa = true, KeyUsage = KU.DigitalSignature, Ekus = null }, "keyUsage.keyCertSign", CertificatePurpose.CertificateAuthority);

    [Fact]
    public void A_missing_eku_fails() =>
        Assert.Equal("absent or empty", FailingRule(Leaf with { Ekus = null }, "extendedKeyUsage").Detail);

    [Fact]
    public void Any_eku_fails() =>
        FailingRule(Leaf with { Ekus = [CertificateProfile.ClaimSigningEku, CertificateProfile.AnyEku] }, "extendedKeyUsage.noAnyEku");

    [Fact]
    public void A_tsa_without_time_stamping_fails() =>
        FailingRule(Leaf, "extendedKeyUsage.timeStamping", CertificatePurpose.TimeStamping);

    [Fact]
    public void An_ocsp_responder_without_ocsp_signing_fails() =>
        FailingRule(Leaf, "extendedKeyUsage.ocspSigning", CertificatePurpose.OcspSigning);

    [Fact]
    public void Time_stamping_must_be_the_only_purpose() =>
        FailingRule(Leaf with { Ekus = [CertificateProfile.TimeStampingEku, CertificateProfile.ClaimSigningEku] },
            "extendedKeyUsage.exclusive", CertificatePurpose.TimeStamping);

    [Fact]
    public void Pss_parameters_are_checked()
    {
        var pss = Get(SigningAlgorithm.PS256);
        var report = CertificateProfile.Check(pss.Signer.Certificate, CertificatePurpose.ClaimSigning);
        Assert.Contains(report.Rules, r => r.Rule == "signatureAlgorithm.pssParameters" && r.Passed);
    }

    [Fact]
    public void A_signer_failing_the_profile_is_an_invalid_credential_naming_the_rule()
    {
        var issued = Pki.Issue(Leaf with { KeyUsage = KU.NonRepudiation }, Pki.Intermediate);
        using var signer = PemClaimSigner.FromPem(issued.PrivateKeyPem, issued.CertificatePem + Pki.Intermediate.CertificatePem);
        var signed = Sign(signer);

        var result = Validate(signed.Input(), SigningAlgorithm.ES256, TrustFor(Pki));

        var finding = Assert.Single(result.Findings, f => f.Code == MediaTrust.Spec.ValidationStatusCodes.SigningCredentialInvalid);
        Assert.Contains("keyUsage.digitalSignature", finding.Explanation, StringComparison.Ordinal);
        Assert.Equal(ValidationState.Invalid, StateOf(result));
    }
}
