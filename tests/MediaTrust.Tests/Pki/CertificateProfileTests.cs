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
    public void TheGeneratedPkiMeetsTheProfile(SigningAlgorithm algorithm)
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
    public void Sha1SignatureFails()
    {
        var failure = FailingRule(Leaf with { SignatureAlgorithm = "SHA1withECDSA" }, "signatureAlgorithm");
        Assert.Contains("1.2.840.10045.4.1", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ACurveOutsideTheListFails() =>
        Assert.Contains("1.3.132.0.10", FailingRule(Leaf with { KeyType = TestKeyType.Secp256k1 }, "publicKey.curve").Detail, StringComparison.Ordinal);

    [Fact]
    public void ASmallRsaKeyFails() =>
        Assert.Equal("1024 bits", FailingRule(Leaf with { KeyType = TestKeyType.Rsa1024 }, "publicKey.rsaSize").Detail);

    [Fact]
    public void Version1Fails() =>
        Assert.Equal("version 1", FailingRule(Leaf with { Version1 = true }, "version").Detail);

    [Fact]
    public void UniqueIdentifiersFail() =>
        FailingRule(Leaf with { WithUniqueIds = true }, "uniqueIdentifiers");

    [Fact]
    public void ACaCertificateCannotSignClaims() =>
        Assert.Equal("cA is asserted", FailingRule(Leaf with { IsCa = true }, "basicConstraints").Detail);

    [Fact]
    public void ACaWithoutBasicConstraintsFails() =>
        FailingRule(Leaf with { IsCa = true, IncludeBasicConstraints = false, KeyUsage = KU.KeyCertSign | KU.DigitalSignature, Ekus = null },
            "basicConstraints", CertificatePurpose.CertificateAuthority);

    [Fact]
    public void KeyCertSignWithoutCaFails() =>
        FailingRule(Leaf with { KeyUsage = KU.KeyCertSign | KU.DigitalSignature }, "keyUsage.keyCertSignOnlyOnCa");

    [Fact]
    public void AMissingAuthorityKeyIdentifierFails() =>
        FailingRule(Leaf with { IncludeAuthorityKeyId = false }, "authorityKeyIdentifier");

    [Fact]
    public void ASelfSignedCertificateNeedsNoAuthorityKeyIdentifier()
    {
        var issued = Pki.Issue(Leaf with { IncludeAuthorityKeyId = false }, issuer: null);
        var report = CertificateProfile.Check(issued.Certificate, CertificatePurpose.ClaimSigning);
        Assert.Contains(report.Rules, r => r.Rule == "authorityKeyIdentifier" && r.Passed);
    }

    [Fact]
    public void ACaWithoutSubjectKeyIdentifierFails() =>
        FailingRule(Leaf with { IsCa = true, KeyUsage = KU.KeyCertSign, Ekus = null, IncludeSubjectKeyId = false },
            "subjectKeyIdentifier", CertificatePurpose.CertificateAuthority);

    [Fact]
    public void AMissingKeyUsageFails() =>
        FailingRule(Leaf with { KeyUsage = null }, "keyUsage");

    [Fact]
    public void KeyUsageWithoutDigitalSignatureFails() =>
        FailingRule(Leaf with { KeyUsage = KU.NonRepudiation }, "keyUsage.digitalSignature");

    [Fact]
    public void ACaWithoutKeyCertSignFails() =>
        FailingRule(Leaf with { IsCa = true, KeyUsage = KU.DigitalSignature, Ekus = null }, "keyUsage.keyCertSign", CertificatePurpose.CertificateAuthority);

    [Fact]
    public void AMissingEkuFails() =>
        Assert.Equal("absent or empty", FailingRule(Leaf with { Ekus = null }, "extendedKeyUsage").Detail);

    [Fact]
    public void AnyEkuFails() =>
        FailingRule(Leaf with { Ekus = [CertificateProfile.ClaimSigningEku, CertificateProfile.AnyEku] }, "extendedKeyUsage.noAnyEku");

    [Fact]
    public void ATsaWithoutTimeStampingFails() =>
        FailingRule(Leaf, "extendedKeyUsage.timeStamping", CertificatePurpose.TimeStamping);

    [Fact]
    public void AnOcspResponderWithoutOcspSigningFails() =>
        FailingRule(Leaf, "extendedKeyUsage.ocspSigning", CertificatePurpose.OcspSigning);

    [Fact]
    public void TimeStampingMustBeTheOnlyPurpose() =>
        FailingRule(Leaf with { Ekus = [CertificateProfile.TimeStampingEku, CertificateProfile.ClaimSigningEku] },
            "extendedKeyUsage.exclusive", CertificatePurpose.TimeStamping);

    [Fact]
    public void PssParametersAreChecked()
    {
        var pss = Get(SigningAlgorithm.PS256);
        var report = CertificateProfile.Check(pss.Signer.Certificate, CertificatePurpose.ClaimSigning);
        Assert.Contains(report.Rules, r => r.Rule == "signatureAlgorithm.pssParameters" && r.Passed);
    }

    [Fact]
    public void ASignerFailingTheProfileIsAnInvalidCredentialNamingTheRule()
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
