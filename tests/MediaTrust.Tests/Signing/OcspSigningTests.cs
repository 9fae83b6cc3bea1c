using System.Security.Cryptography.X509Certificates;
using MediaTrust.Pki;
using MediaTrust.Spec;
using MediaTrust.Testing;
using MediaTrust.Validation;

namespace MediaTrust.Signing;

/// <summary>
/// OCSP while signing (spec 2.2 §14.5.2, §18.18): the signer's response stapled in <c>rVals</c>, and a
/// <c>c2pa.certificate-status</c> assertion for ingredient manifests signed without one.
/// </summary>
public sealed class OcspSigningTests
{
    private static readonly ManifestDefinition Published = ManifestDefinition.FromJson("""
        {
          "claim_generator_info": [{ "name": "MediaTrust tests", "version": "1.0" }],
          "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.published" } ] } } ]
        }
        """);

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task A_stapled_good_response_establishes_not_revoked_for_us_and_c2pa_rs()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        var responder = new TestResponder(pki, OcspAnswer.Good);
        using var signed = new MemoryStream();

        await new ManifestBuilder(SignEveryFormatTests.AiGenerated) { OcspClient = responder, StapleOcsp = true }
            .SignAsync(new MemoryStream(GeneratedAssets.Create("jpg")), signed, signer, cancellationToken);

        Assert.Equal([pki.Signer.Certificate.Subject], responder.Asked);
        signed.Position = 0;
        var reader = await Reader.ReadAsync(signed, SignEveryFormatTests.TrustingRoot(pki), cancellationToken);
        var notRevoked = Assert.Single(reader.Validation!.Results.ActiveManifest.Success, f => f.Code == ValidationStatusCodes.SigningCredentialOcspNotRevoked);
        Assert.StartsWith("stapled", notRevoked.Explanation, StringComparison.Ordinal);
        Assert.Equal(ValidationState.Trusted, reader.Validation.State);

        var directory = Directory.CreateTempSubdirectory("mediatrust-ocsp-");
        try
        {
            var path = Path.Combine(directory.FullName, "stapled.jpg");
            var root = Path.Combine(directory.FullName, "root.pem");
            await File.WriteAllBytesAsync(path, signed.ToArray(), cancellationToken);
            await File.WriteAllTextAsync(root, pki.Root.CertificatePem, cancellationToken);
            Oracle.RunTrusted(path, root, "a signature with a stapled OCSP response");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("revoked")]
    [InlineData("unknown")]
    public async Task A_revoked_or_unknown_signer_is_not_signed_with(string said)
    {
        var answer = said == "revoked" ? OcspAnswer.Revoked : OcspAnswer.Unknown;
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        using var destination = new MemoryStream();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new ManifestBuilder(SignEveryFormatTests.AiGenerated)
        {
            OcspClient = new TestResponder(pki, answer), StapleOcsp = true,
        }.SignAsync(new MemoryStream(GeneratedAssets.Create("png")), destination, signer, cancellationToken));

        Assert.Contains(said, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, destination.Length);
    }

    [Fact]
    public async Task A_responder_that_does_not_answer_stops_signing()
    {
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new ManifestBuilder(SignEveryFormatTests.AiGenerated)
        {
            OcspClient = new TestResponder(pki, null), StapleOcsp = true,
        }.SignAsync(new MemoryStream(GeneratedAssets.Create("png")), new MemoryStream(), signer, TestContext.Current.CancellationToken));

        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_adds_the_certificate_status_of_the_previous_manifests_signer()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        var signed = new MemoryStream();
        await new ManifestBuilder(SignEveryFormatTests.AiGenerated).SignAsync(new MemoryStream(GeneratedAssets.Create("jpg")), signed, signer, cancellationToken);
        signed.Position = 0;
        var updated = new MemoryStream();

        await new ManifestBuilder(Published) { OcspClient = new TestResponder(pki, OcspAnswer.Good), CertificateStatusIngredients = true }
            .UpdateAsync(signed, updated, signer, cancellationToken);

        updated.Position = 0;
        var reader = await Reader.ReadAsync(updated, SignEveryFormatTests.TrustingRoot(pki), cancellationToken);
        Assert.Contains(reader.ActiveManifest!.Assertions, a => a.Label == "c2pa.certificate-status");
        var parent = Assert.Single(reader.Validation!.Results.IngredientDeltas).ValidationDeltas;
        var notRevoked = Assert.Single(parent.Success, f => f.Code == ValidationStatusCodes.SigningCredentialOcspNotRevoked);
        Assert.StartsWith("certificate-status assertion", notRevoked.Explanation, StringComparison.Ordinal);
    }

    /// <summary>An OCSP responder of the test PKI giving one answer about whatever it is asked (null: no answer).</summary>
    private sealed class TestResponder(TestPki pki, OcspAnswer? answer) : IOcspClient
    {
        public List<string> Asked { get; } = [];

        public ValueTask<byte[]?> QueryAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken = default)
        {
            Asked.Add(certificate.Subject);
            var now = DateTimeOffset.UtcNow;
            return ValueTask.FromResult(answer is { } said
                ? TestOcspResponder.Respond(pki.OcspResponder, issuer, certificate, said, now.AddHours(-1), now.AddDays(7))
                : null);
        }
    }
}
