using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Testing;
using MediaTrust.TrustProfiles.Indicators;
using MediaTrust.Validation;

namespace MediaTrust.TrustProfiles;

/// <summary>profiles/verified-creator.yml over the indicator sets of files signed with and without a trusted creator identity.</summary>
public sealed class VerifiedCreatorProfileTests
{
    private static readonly DateTimeOffset NotBefore = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ValidatedAt = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(TrustReport Report, System.Text.Json.Nodes.JsonObject Indicators)> EvaluateAsync(bool withIdentity, bool anchorConfigured)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestPki.Create(SigningAlgorithm.ES256, NotBefore, NotAfter);
        var identityPki = TestPki.Create(SigningAlgorithm.ES256, NotBefore, NotAfter, "Identity Test");
        using var signer = pki.CreateClaimSigner();
        using var identity = identityPki.CreateSigner(identityPki.IssueIdentitySigner("Jane Doe"));
        var definition = ManifestDefinition.FromJson("""
            { "claim_generator_info": [{ "name": "profile tests" }], "title": "photo.jpg",
              "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.created",
                "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" } ] } } ] }
            """);
        var path = Path.Combine(Path.GetTempPath(), $"mediatrust-creator-{Guid.NewGuid():N}.jpg");
        try
        {
            await using (var output = File.Create(path))
            {
                await new ManifestBuilder(definition)
                {
                    GenerateThumbnails = false,
                    Identities = withIdentity ? [new IdentitySigner(identity) { Roles = ["cawg.creator"] }] : [],
                }.SignAsync(new MemoryStream(ProjectProfileTests.JpegWithXmp("http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture")), output, signer, cancellationToken);
            }

            var defaults = new ValidationOptions();
            var options = new ReaderOptions
            {
                Validation = defaults with
                {
                    Trust = new TrustStoreBuilder().AddSignerAnchorsFromPem(pki.Root.CertificatePem).Build(),
                    IdentityTrust = anchorConfigured ? defaults.IdentityTrust.ToBuilder().AddSignerAnchorsFromPem(identityPki.Root.CertificatePem).Build() : defaults.IdentityTrust,
                    ValidationTime = ValidatedAt,
                },
            };
            var indicators = await TrustIndicatorSet.FromFileAsync(path, options, cancellationToken);
            return (ProjectProfileTests.Run("verified-creator.yml", indicators), indicators);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_creator_identity_trusted_through_the_identity_anchors_complies()
    {
        var (report, indicators) = await EvaluateAsync(withIdentity: true, anchorConfigured: true);

        Assert.Equal(0, report.ErrorCount);
        Assert.True(report.Compliance);
        var identity = Assert.Single(indicators["extras:validation_status"]!["identities"]!.AsArray())!;
        Assert.Equal("verified", identity["status"]!.GetValue<string>());
        Assert.Equal("Jane Doe (MediaTrust Test)", identity["name"]!.GetValue<string>());
        Assert.Equal("verified", indicators["extras:validation_status"]!["identity"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task An_untrusted_or_absent_identity_does_not_comply(bool withIdentity, bool anchorConfigured)
    {
        var (report, _) = await EvaluateAsync(withIdentity, anchorConfigured);

        Assert.Equal(0, report.ErrorCount);
        Assert.False(report.Compliance);
    }
}
