using System.Formats.Cbor;
using MediaTrust.Assertions;
using MediaTrust.Pki;

namespace MediaTrust.Signing;

public sealed partial class ManifestBuilder
{
    /// <summary>
    /// Asks OCSP responders (RFC 6960) while signing, for <see cref="StapleOcsp"/> and
    /// <see cref="CertificateStatusIngredients"/>; nothing goes online unless it is set.
    /// </summary>
    public IOcspClient? OcspClient { get; init; }

    /// <summary>
    /// Staple the signer certificate's OCSP response in the signature's <c>rVals</c> (spec 2.2 §14.5.2), so
    /// validators learn its status without going online. Signing fails when the responder does not answer
    /// usably or says the certificate is revoked or unknown: a signature that carries such news helps no one.
    /// </summary>
    public bool StapleOcsp { get; init; }

    /// <summary>
    /// Add a <c>c2pa.certificate-status</c> assertion (spec 2.2 §18.18) with the OCSP responses of the
    /// signers of ingredient manifests that stapled none, for manifests signed offline. A signer whose
    /// responder does not answer usably is left out.
    /// </summary>
    public bool CertificateStatusIngredients { get; init; }

    /// <summary>With <see cref="StapleOcsp"/>: the signer's vetted OCSP response, and the plan grown to hold it.</summary>
    private async Task<SigningPlan> WithStapledOcspAsync(SigningPlan plan, IClaimSigner signer, CancellationToken cancellationToken)
    {
        if (!StapleOcsp)
        {
            return plan;
        }

        var client = RequireOcspClient();
        var chain = signer.CertificateChain;
        if (chain.Count < 2)
        {
            throw new InvalidOperationException("stapling OCSP needs the signer's issuer: give the certificate chain, not just the signer's certificate");
        }

        var response = await client.QueryAsync(chain[0], chain[1], cancellationToken)
            ?? throw new InvalidOperationException($"the OCSP responder of '{chain[0].Subject}' did not answer (it is named in the certificate's Authority Information Access)");
        var state = OcspValidator.Judge(response, chain[0], chain[1], DateTimeOffset.UtcNow, out var why);
        if (state != RevocationState.NotRevoked)
        {
            throw new InvalidOperationException(state is null
                ? $"the OCSP response for '{chain[0].Subject}' is not usable: {why}"
                : $"the OCSP responder says the signer's certificate is {(state == RevocationState.Revoked ? "revoked" : "unknown")}: {why}");
        }

        // The response goes in the unprotected header: room for it and its CBOR framing.
        return plan with { OcspResponses = [response], SignatureSize = plan.SignatureSize + response.Length + 32 };
    }

    /// <summary>With <see cref="CertificateStatusIngredients"/>: the plan with a certificate status assertion for the ingredients' signers.</summary>
    private async Task<SigningPlan> WithIngredientCertificateStatusAsync(SigningPlan plan, IReadOnlyList<PreparedIngredient> ingredients, CancellationToken cancellationToken)
    {
        if (!CertificateStatusIngredients)
        {
            return plan;
        }

        var client = RequireOcspClient();
        var responses = new List<byte[]>();
        foreach (var (_, cose) in IngredientSignatures(ingredients))
        {
            if (cose.OcspResponses.Count > 0 || cose.CertificateChain.Count < 2
                || CertificateLoader.TryLoad(cose.CertificateChain[0].Span, out _) is not { } leaf
                || CertificateLoader.TryLoad(cose.CertificateChain[1].Span, out _) is not { } issuer)
            {
                continue;
            }

            if (await client.QueryAsync(leaf, issuer, cancellationToken) is { } response
                && OcspValidator.Judge(response, leaf, issuer, DateTimeOffset.UtcNow, out _) is not null)
            {
                responses.Add(response);
            }
        }

        if (responses.Count == 0)
        {
            return plan;
        }

        var written = new CertificateStatusAssertion([.. responses.Select(r => (ReadOnlyMemory<byte>)r)]).Write();
        var assertion = new PendingAssertion(AssertionLabels.CertificateStatus, AssertionContentKind.Cbor, written, null, Created: true);
        return plan with { Assertions = [.. plan.Assertions, assertion] };
    }

    private IOcspClient RequireOcspClient() =>
        OcspClient ?? throw new InvalidOperationException("OCSP while signing needs an OCSP client (OcspClient; --ocsp and --ocsp-ingredients go online)");
}
