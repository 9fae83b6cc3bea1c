using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Spec;
using MediaTrust.Testing;
using MediaTrust.Validation;
using Org.BouncyCastle.Ocsp;
using static MediaTrust.Pki.PkiFixtures;

namespace MediaTrust.Pki;

/// <summary>The HTTP time-stamp and OCSP clients, against in-process fakes (no network).</summary>
public sealed class OnlineServicesTests
{
    private static readonly DateTimeOffset SignedAt = new(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Signing_with_a_time_stamper_adds_a_v2_time_stamp_that_validates()
    {
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var tsa = new FakeTsa(pki);
        using var http = new HttpClient(tsa);
        var provider = new HttpTimeStampProvider(new Uri("http://tsa.test/"), http);

        var cose = await ClaimSignatureWriter.SignAsync(signer, Claim, targetSize: 8192, timeStamper: provider,
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(8192, cose.Length);
        Assert.Equal(1, tsa.Requests);
        var input = CorpusSignatureTests.DecodeCoseSign1(cose, Claim);
        Assert.True(input.TimeStampsAreV2);
        var result = await ManifestValidator.CheckClaimSignatureAsync(input,
            new ValidationOptions { Trust = TrustFor(pki), ValidationTime = Now }, TestContext.Current.CancellationToken);
        Assert.True(result.Has(ValidationStatusCodes.TimeStampTrusted), string.Join("\n", result.Findings));
        Assert.Equal(SignedAt, result.ValidityTime);
        Assert.Equal(ValidationState.Trusted, StateOf(result));
    }

    [Fact]
    public async Task A_tsa_error_is_an_exception()
    {
        using var http = new HttpClient(new Responder(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)));
        var provider = new HttpTimeStampProvider(new Uri("http://tsa.test/"), http);

        await Assert.ThrowsAsync<HttpRequestException>(async () =>
            await provider.GetTokenAsync(new byte[] { 1 }, HashAlgorithmName.SHA256, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Online_ocsp_asks_the_aia_responder_and_its_answer_counts()
    {
        var pki = Get(SigningAlgorithm.ES256);
        var leaf = pki.Issue(TestPki.SignerTemplate(TestKeyType.P256, NotBefore, NotAfter, "With AIA") with
        {
            OcspResponderUrls = ["http://ocsp.test/status"],
        }, pki.Intermediate);
        using var signer = PemClaimSigner.FromPem(leaf.PrivateKeyPem, leaf.CertificatePem + pki.Intermediate.CertificatePem);
        var signed = Sign(signer);
        Uri? asked = null;
        using var http = new HttpClient(new Responder(request =>
        {
            asked = request.RequestUri;
            var ocspRequest = new OcspReq(request.Content!.ReadAsByteArrayAsync().GetAwaiter().GetResult());
            Assert.Equal(new Org.BouncyCastle.Math.BigInteger(leaf.Certificate.SerialNumber, 16),
                ocspRequest.GetRequestList()[0].GetCertID().SerialNumber);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new ByteArrayContent(TestOcspResponder.Respond(pki.OcspResponder, pki.Intermediate.Certificate, leaf.Certificate,
                    OcspAnswer.Good, Now.AddHours(-1), Now.AddDays(1))),
            };
        }));

        var result = Validate(signed.Input(), SigningAlgorithm.ES256, TrustFor(pki), online: new HttpOcspClient(http));

        Assert.Equal(new Uri("http://ocsp.test/status"), asked);
        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspNotRevoked), string.Join("\n", result.Findings));
        Assert.Equal("online", result.Revocation.Source);
    }

    [Fact]
    public void Without_aia_there_is_no_responder_to_ask()
    {
        var pki = Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var signed = Sign(signer);
        using var http = new HttpClient(new Responder(_ => throw new InvalidOperationException("must not be called")));

        var result = Validate(signed.Input(), SigningAlgorithm.ES256, TrustFor(pki), online: new HttpOcspClient(http));

        Assert.Null(HttpOcspClient.ResponderUri(pki.Signer.Certificate));
        Assert.True(result.Has(ValidationStatusCodes.SigningCredentialOcspInaccessible));
    }

    /// <summary>An RFC 3161 TSA over the test PKI.</summary>
    private sealed class FakeTsa(TestPki pki) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            Assert.Equal("application/timestamp-query", request.Content!.Headers.ContentType!.MediaType);
            var body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            Assert.True(Rfc3161TimestampRequest.TryDecode(body, out var tsq, out _));
            var token = TestTimeStampAuthority.IssueForDigest(pki.TimeStampAuthority, [pki.Intermediate.Certificate],
                tsq!.GetMessageHash().ToArray(), tsq.HashAlgorithmId.Value!, SignedAt, tsq.GetNonce()!.Value);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(TestTimeStampAuthority.WrapAsResponse(token)) };
        }
    }

    private sealed class Responder(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }
}
