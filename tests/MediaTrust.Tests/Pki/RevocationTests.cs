using System.Security.Cryptography.X509Certificates;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Spec;
using MediaTrust.Testing;
using MediaTrust.Validation;
using static MediaTrust.Pki.PkiFixtures;

namespace MediaTrust.Pki;

public sealed class RevocationTests
{
    private static readonly DateTimeOffset SignedAt = new(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static TestPki Pki => Get(SigningAlgorithm.ES256);

    private static byte[] Respond(OcspAnswer answer, DateTimeOffset? thisUpdate = null, DateTimeOffset? nextUpdate = null,
        IssuedCertificate? responder = null, DateTimeOffset? revokedAt = null)
    {
        var at = thisUpdate ?? Now.AddHours(-1);
        return TestOcspResponder.Respond(responder ?? Pki.OcspResponder, Pki.Intermediate.Certificate, Pki.Signer.Certificate, answer,
            at, nextUpdate ?? at.AddDays(7), revokedAt);
    }

    private static ClaimSignatureResult Check(byte[][] stapled, IReadOnlyList<ReadOnlyMemory<byte>>? tokens = null, IOcspClient? online = null)
    {
        using var signer = Pki.CreateClaimSigner();
        var signed = Sign(signer);
        return Validate(signed.Input(tokens: tokens, ocsp: stapled.Select(s => (ReadOnlyMemory<byte>)s).ToList()), SigningAlgorithm.ES256,
            TrustFor(Pki), online: online);
    }

    [Fact]
    public void AGoodStapledResponseIsNotRevoked()
    {
        var result = Check([Respond(OcspAnswer.Good)]);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspNotRevoked), string.Join("\n", result.Findings));
        Assert.Equal(RevocationState.NotRevoked, result.Revocation.State);
        Assert.Equal("stapled", result.Revocation.Source);
        Assert.Equal(ValidationState.Trusted, StateOf(result));
    }

    [Fact]
    public void ARevokedSignerIsRevoked()
    {
        var result = Check([Respond(OcspAnswer.Revoked)]);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspRevoked));
        Assert.Equal(ValidationState.Invalid, StateOf(result));
    }

    [Fact]
    public void AnUnknownStatusIsAFailure()
    {
        // §15.9.2: unknown is a failure (c2pa-rs treats it as informational).
        var result = Check([Respond(OcspAnswer.Unknown)]);

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialOcspUnknown);
        Assert.Equal(ValidationStatusKind.Failure, finding.Kind);
        Assert.Equal(ValidationState.Invalid, StateOf(result));
    }

    [Fact]
    public void RemoveFromCrlCountsAsGood()
    {
        var result = Check([Respond(OcspAnswer.RemovedFromCrl)]);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspNotRevoked));
    }

    [Fact]
    public void AGoodResponseWinsOverARevokedOne()
    {
        // §15.9.1: try each response until one passes.
        var result = Check([Respond(OcspAnswer.Revoked), Respond(OcspAnswer.Good)]);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspNotRevoked));
    }

    [Fact]
    public void ARevocationAfterTheTrustedTimeStampIsNotARevocationAtSigning()
    {
        using var signer = Pki.CreateClaimSigner();
        var signed = Sign(signer);
        var token = TestTimeStampAuthority.Issue(Pki.TimeStampAuthority, [Pki.Intermediate.Certificate],
            SigStructure.ForTimeStamp(signed.ProtectedHeader, signed.SignatureField), SignedAt);
        var response = Respond(OcspAnswer.Revoked, thisUpdate: SignedAt.AddHours(-1), nextUpdate: SignedAt.AddDays(1), revokedAt: SignedAt.AddHours(5));

        var result = Validate(signed.Input(tokens: [token], ocsp: [response]), SigningAlgorithm.ES256, TrustFor(Pki));

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspNotRevoked), string.Join("\n", result.Findings));
    }

    [Fact]
    public void AStaleResponseIsNotUsed()
    {
        var result = Check([Respond(OcspAnswer.Revoked, thisUpdate: Now.AddDays(-30), nextUpdate: Now.AddDays(-23))]);

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialOcspSkipped);
        Assert.Contains("not the validation time", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void AResponseFromAnUnauthorisedResponderIsNotUsed()
    {
        // A responder certificate from another PKI: not issued by the signer's issuer (RFC 6960 §4.2.2.2).
        var stranger = Get(SigningAlgorithm.ES256, "Stranger OCSP").OcspResponder;

        var result = Check([Respond(OcspAnswer.Revoked, responder: stranger)]);

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialOcspSkipped);
        Assert.Contains("authorised", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void AResponseSignedByTheIssuerItselfIsUsed()
    {
        var result = Check([Respond(OcspAnswer.Revoked, responder: Pki.Intermediate)]);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspRevoked));
    }

    [Fact]
    public void AResponseAboutAnotherCertificateIsNotUsed()
    {
        var other = TestOcspResponder.Respond(Pki.OcspResponder, Pki.Intermediate.Certificate, Pki.TimeStampAuthority.Certificate,
            OcspAnswer.Revoked, Now.AddHours(-1), Now.AddDays(1));

        var result = Check([other]);

        Assert.Contains(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialOcspSkipped && f.Explanation.Contains("CertID", StringComparison.Ordinal));
    }

    [Fact]
    public void GarbageIsNotUsed()
    {
        var result = Check([[0x30, 0x03, 0x0A, 0x01, 0x00], [0xFF]]);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspSkipped));
        Assert.Equal(ValidationState.Trusted, StateOf(result));
    }

    [Fact]
    public void WithoutStapledResponsesOcspIsSkippedByDefault()
    {
        var result = Check([]);

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialOcspSkipped);
        Assert.Equal(ValidationStatusKind.Informational, finding.Kind);
    }

    [Fact]
    public void OnlineOcspIsAskedWhenEnabled()
    {
        var client = new FakeOcspClient(Respond(OcspAnswer.Revoked));

        var result = Check([], online: client);

        Assert.Equal(1, client.CallsAbout(Pki.Signer.Certificate));
        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspRevoked));
        Assert.Equal("online", result.Revocation.Source);
    }

    [Fact]
    public void AnUnreachableResponderIsInaccessible()
    {
        var result = Check([], online: new FakeOcspClient(null));

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspInaccessible));
        Assert.Equal(ValidationState.Trusted, StateOf(result));
    }

    [Fact]
    public void AUsableStapledResponseMeansNoOnlineQuery()
    {
        var client = new FakeOcspClient(Respond(OcspAnswer.Revoked));

        var result = Check([Respond(OcspAnswer.Good)], online: client);

        Assert.Equal(0, client.CallsAbout(Pki.Signer.Certificate));
        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspNotRevoked));
    }

    /// <summary>§15.9: the CA certificates of the chain are checked too (stapled responses, then AIA when online).</summary>
    [Fact]
    public void ARevokedIntermediateCaMakesTheSignerUntrusted()
    {
        var result = Check([Respond(OcspAnswer.Good), RespondAboutIntermediate(OcspAnswer.Revoked)]);

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialUntrusted);
        Assert.Contains("Intermediate CA", finding.Explanation, StringComparison.Ordinal);
        Assert.Contains("revoked", finding.Explanation, StringComparison.Ordinal);
        Assert.False(result.Has(ValidationStatusCodes.SigningCredentialTrusted));
        Assert.Equal(SignerTrust.Untrusted, result.Trust);
        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspNotRevoked)); // the signer itself is not revoked
    }

    [Fact]
    public void AGoodIntermediateCaResponseKeepsTheSignerTrusted()
    {
        var result = Check([RespondAboutIntermediate(OcspAnswer.Good)]);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialTrusted));
        Assert.Equal(ValidationState.Trusted, StateOf(result));
    }

    [Fact]
    public void OnlineOcspAsksAboutTheIntermediateCaToo()
    {
        var client = new FakeOcspClient(Respond(OcspAnswer.Good), (Pki.Intermediate.Certificate, RespondAboutIntermediate(OcspAnswer.Revoked)));

        var result = Check([], online: client);

        Assert.Equal(1, client.CallsAbout(Pki.Intermediate.Certificate));
        Assert.Equal(0, client.CallsAbout(Pki.Root.Certificate)); // the anchor is trusted by configuration
        Assert.Equal(SignerTrust.Untrusted, result.Trust);
    }

    [Fact]
    public void ACertificateStatusAssertionResponseIsUsedWhenNothingIsStapled()
    {
        using var signer = Pki.CreateClaimSigner();
        var signed = Sign(signer);
        var input = signed.Input() with { AssertionOcspResponses = [Respond(OcspAnswer.Revoked)] };

        var result = Validate(input, SigningAlgorithm.ES256, TrustFor(Pki));

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspRevoked));
        Assert.Equal("certificate-status assertion", result.Revocation.Source);
    }

    [Fact]
    public void AStapledResponseComesBeforeACertificateStatusAssertion()
    {
        using var signer = Pki.CreateClaimSigner();
        var signed = Sign(signer);
        var input = signed.Input(ocsp: [Respond(OcspAnswer.Good)]) with { AssertionOcspResponses = [Respond(OcspAnswer.Revoked)] };

        var result = Validate(input, SigningAlgorithm.ES256, TrustFor(Pki));

        Assert.Equal(RevocationState.NotRevoked, result.Revocation.State);
        Assert.Equal("stapled", result.Revocation.Source);
    }

    private static byte[] RespondAboutIntermediate(OcspAnswer answer) =>
        TestOcspResponder.Respond(Pki.Root, Pki.Root.Certificate, Pki.Intermediate.Certificate, answer, Now.AddHours(-1), Now.AddDays(7));

    /// <summary>Answers <paramref name="answer"/>, or for a certificate listed in <paramref name="about"/> its own answer; counts the calls per certificate.</summary>
    private sealed class FakeOcspClient(byte[]? answer, params (X509Certificate2 Certificate, byte[] Answer)[] about) : IOcspClient
    {
        private readonly List<X509Certificate2> _asked = [];

        public int CallsAbout(X509Certificate2 certificate) => _asked.Count(c => c.RawData.AsSpan().SequenceEqual(certificate.RawData));

        public ValueTask<byte[]?> QueryAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken = default)
        {
            _asked.Add(certificate);
            var own = about.FirstOrDefault(a => a.Certificate.RawData.AsSpan().SequenceEqual(certificate.RawData));
            return ValueTask.FromResult(own.Answer ?? answer);
        }
    }
}
