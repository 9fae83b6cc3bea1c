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
    public void A_good_stapled_response_is_not_revoked()
    {
        var result = Check([Respond(OcspAnswer.Good)]);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspNotRevoked), string.Join("\n", result.Findings));
        Assert.Equal(RevocationState.NotRevoked, result.Revocation.State);
        Assert.Equal("stapled", result.Revocation.Source);
        Assert.Equal(ValidationState.Trusted, StateOf(result));
    }

    [Fact]
    public void A_revoked_signer_is_revoked()
    {
        var result = Check([Respond(OcspAnswer.Revoked)]);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspRevoked));
        Assert.Equal(ValidationState.Invalid, StateOf(result));
    }

    [Fact]
    public void An_unknown_status_is_a_failure()
    {
        // §15.9.2: unknown is a failure (c2pa-rs treats it as informational).
        var result = Check([Respond(OcspAnswer.Unknown)]);

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialOcspUnknown);
        Assert.Equal(ValidationStatusKind.Failure, finding.Kind);
        Assert.Equal(ValidationState.Invalid, StateOf(result));
    }

    [Fact]
    public void Remove_from_crl_counts_as_good()
    {
        var result = Check([Respond(OcspAnswer.RemovedFromCrl)]);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspNotRevoked));
    }

    [Fact]
    public void A_good_response_wins_over_a_revoked_one()
    {
        // §15.9.1: try each response until one passes.
        var result = Check([Respond(OcspAnswer.Revoked), Respond(OcspAnswer.Good)]);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspNotRevoked));
    }

    [Fact]
    public void A_revocation_after_the_trusted_time_stamp_is_not_a_revocation_at_signing()
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
    public void A_stale_response_is_not_used()
    {
        var result = Check([Respond(OcspAnswer.Revoked, thisUpdate: Now.AddDays(-30), nextUpdate: Now.AddDays(-23))]);

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialOcspSkipped);
        Assert.Contains("not the validation time", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_from_an_unauthorised_responder_is_not_used()
    {
        // A responder certificate from another PKI: not issued by the signer's issuer (RFC 6960 §4.2.2.2).
        var stranger = Get(SigningAlgorithm.ES256, "Stranger OCSP").OcspResponder;

        var result = Check([Respond(OcspAnswer.Revoked, responder: stranger)]);

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialOcspSkipped);
        Assert.Contains("authorised", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_response_signed_by_the_issuer_itself_is_used()
    {
        var result = Check([Respond(OcspAnswer.Revoked, responder: Pki.Intermediate)]);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspRevoked));
    }

    [Fact]
    public void A_response_about_another_certificate_is_not_used()
    {
        var other = TestOcspResponder.Respond(Pki.OcspResponder, Pki.Intermediate.Certificate, Pki.TimeStampAuthority.Certificate,
            OcspAnswer.Revoked, Now.AddHours(-1), Now.AddDays(1));

        var result = Check([other]);

        Assert.Contains(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialOcspSkipped && f.Explanation.Contains("CertID", StringComparison.Ordinal));
    }

    [Fact]
    public void Garbage_is_not_used()
    {
        var result = Check([[0x30, 0x03, 0x0A, 0x01, 0x00], [0xFF]]);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspSkipped));
        Assert.Equal(ValidationState.Trusted, StateOf(result));
    }

    [Fact]
    public void Without_stapled_responses_ocsp_is_skipped_by_default()
    {
        var result = Check([]);

        var finding = Assert.Single(result.Findings, f => f.Code == ValidationStatusCodes.SigningCredentialOcspSkipped);
        Assert.Equal(ValidationStatusKind.Informational, finding.Kind);
    }

    [Fact]
    public void Online_ocsp_is_asked_when_enabled()
    {
        var client = new FakeOcspClient(Respond(OcspAnswer.Revoked));

        var result = Check([], online: client);

        Assert.Equal(1, client.CallsAbout(Pki.Signer.Certificate));
        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspRevoked));
        Assert.Equal("online", result.Revocation.Source);
    }

    [Fact]
    public void An_unreachable_responder_is_inaccessible()
    {
        var result = Check([], online: new FakeOcspClient(null));

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspInaccessible));
        Assert.Equal(ValidationState.Trusted, StateOf(result));
    }

    [Fact]
    public void A_usable_stapled_response_means_no_online_query()
    {
        var client = new FakeOcspClient(Respond(OcspAnswer.Revoked));

        var result = Check([Respond(OcspAnswer.Good)], online: client);

        Assert.Equal(0, client.CallsAbout(Pki.Signer.Certificate));
        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspNotRevoked));
    }

    /// <summary>§15.9: the CA certificates of the chain are checked too (stapled responses, then AIA when online).</summary>
    [Fact]
    public void A_revoked_intermediate_ca_makes_the_signer_untrusted()
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
    public void A_good_intermediate_ca_response_keeps_the_signer_trusted()
    {
        var result = Check([RespondAboutIntermediate(OcspAnswer.Good)]);

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialTrusted));
        Assert.Equal(ValidationState.Trusted, StateOf(result));
    }

    [Fact]
    public void Online_ocsp_asks_about_the_intermediate_ca_too()
    {
        var client = new FakeOcspClient(Respond(OcspAnswer.Good), (Pki.Intermediate.Certificate, RespondAboutIntermediate(OcspAnswer.Revoked)));

        var result = Check([], online: client);

        Assert.Equal(1, client.CallsAbout(Pki.Intermediate.Certificate));
        Assert.Equal(0, client.CallsAbout(Pki.Root.Certificate)); // the anchor is trusted by configuration
        Assert.Equal(SignerTrust.Untrusted, result.Trust);
    }

    [Fact]
    public void A_certificate_status_assertion_response_is_used_when_nothing_is_stapled()
    {
        using var signer = Pki.CreateClaimSigner();
        var signed = Sign(signer);
        var input = signed.Input() with { AssertionOcspResponses = [Respond(OcspAnswer.Revoked)] };

        var result = Validate(input, SigningAlgorithm.ES256, TrustFor(Pki));

        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspRevoked));
        Assert.Equal("certificate-status assertion", result.Revocation.Source);
    }

    [Fact]
    public void A_stapled_response_comes_before_a_certificate_status_assertion()
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
