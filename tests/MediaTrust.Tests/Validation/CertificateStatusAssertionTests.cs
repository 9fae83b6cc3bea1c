using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Spec;
using MediaTrust.Testing;

namespace MediaTrust.Validation;

/// <summary>§15.9 and §18.18: OCSP responses a <c>c2pa.certificate-status</c> assertion adds are used for revocation.</summary>
public sealed class CertificateStatusAssertionTests
{
    private static Task<ValidationReport> ValidateAsync(OcspAnswer answer)
    {
        var pki = PkiFixtures.Get(SigningAlgorithm.ES256);
        var response = TestOcspResponder.Respond(pki.OcspResponder, pki.Intermediate.Certificate, pki.Signer.Certificate, answer,
            PkiFixtures.Now.AddHours(-1), PkiFixtures.Now.AddDays(7));
        var status = TestAssets.Cbor(w =>
        {
            w.WriteStartMap(1);
            w.WriteTextString("ocspVals");
            w.WriteStartArray(1);
            w.WriteByteString(response);
            w.WriteEndArray();
            w.WriteEndMap();
        });
        return TestAssets.ValidateSidecarAsync(TestStores.Png(),
        [
            new TestManifest(TestAssets.ParentLabel, [TestAssets.Created()]),
            new TestManifest(TestAssets.ChildLabel, [
                new("c2pa.actions.v2", h => TestAssets.Actions(("c2pa.opened", [(TestAssets.ParentIngredient, h[TestAssets.ParentIngredient])]))),
                new("c2pa.certificate-status", status),
            ]) { ParentOfPrevious = true },
        ]);
    }

    [Fact]
    public async Task A_good_response_in_a_certificate_status_assertion_establishes_not_revoked()
    {
        var report = await ValidateAsync(OcspAnswer.Good);

        var finding = Assert.Single(report.Results.ActiveManifest.Success, f => f.Code == ValidationStatusCodes.SigningCredentialOcspNotRevoked);
        Assert.StartsWith("certificate-status assertion", finding.Explanation, StringComparison.Ordinal);
        Assert.Empty(report.Failures);

        // The parent manifest, signed by the same certificate, is covered by the same response.
        Assert.Contains(Assert.Single(report.Results.IngredientDeltas).ValidationDeltas.Success,
            f => f.Code == ValidationStatusCodes.SigningCredentialOcspNotRevoked);
    }

    [Fact]
    public async Task A_revoked_response_in_a_certificate_status_assertion_is_a_revocation()
    {
        var report = await ValidateAsync(OcspAnswer.Revoked);

        Assert.Contains(report.Failures, f => f.Code == ValidationStatusCodes.SigningCredentialOcspRevoked);
        Assert.Equal(ValidationState.Invalid, report.State);
    }
}
