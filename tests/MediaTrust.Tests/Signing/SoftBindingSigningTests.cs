using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.SoftBinding;
using MediaTrust.Spec;
using MediaTrust.Testing;
using MediaTrust.Validation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;

namespace MediaTrust.Signing;

public sealed class SoftBindingSigningTests
{
    internal static byte[] TestJpeg(int seed = 1)
    {
        using var card = PdqTests.TestCard(320, 240, seed);
        using var jpeg = new MemoryStream();
        card.SaveAsJpeg(jpeg, new JpegEncoder { Quality = 90 });
        return jpeg.ToArray();
    }

    private static ManifestDefinition Definition(string extra = "") => ManifestDefinition.FromJson($$"""
        { "claim_generator_info": [{ "name": "MediaTrust tests", "version": "1.0" }], "title": "card.jpg"{{extra}},
          "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.created" } ] } } ] }
        """);

    private static async Task<(byte[] Store, ValidationReport Report)> SignSidecarAsync(ManifestBuilder builder, byte[] asset)
    {
        var pki = PkiFixtures.Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var store = await builder.SignSidecarAsync(new MemoryStream(asset), signer, TestContext.Current.CancellationToken);
        var reader = await Reader.ReadWithManifestAsync(new MemoryStream(asset), store,
            new ReaderOptions { Validation = new ValidationOptions { Trust = PkiFixtures.TrustFor(pki), ValidationTime = PkiFixtures.Now } },
            cancellationToken: TestContext.Current.CancellationToken);
        return (store, reader.Validation!);
    }

    [Fact]
    public async Task Signing_with_pdq_and_iscc_adds_one_soft_binding_each_computed_from_the_pixels()
    {
        var asset = TestJpeg();
        var expected = ImageFingerprints.Compute(new MemoryStream(asset));

        var (store, report) = await SignSidecarAsync(new ManifestBuilder(Definition()) { SoftBindings = ["pdq", "iscc"] }, asset);

        var values = SoftBindingValues.FromStore(store);
        Assert.Equal([ImageFingerprints.PdqAlgorithm, ImageFingerprints.IsccAlgorithm], values.Select(v => v.Algorithm));
        Assert.Equal(expected.Pdq, values[0].Value);
        Assert.Equal(expected.Iscc, values[1].Value);
        Assert.Equal(["c2pa.soft-binding", "c2pa.soft-binding__1"], values.Select(v => v.AssertionLabel));
        Assert.Empty(report.Failures);

        // PDQ is not on the C2PA list: reported, never a failure.
        Assert.Single(report.Results.ActiveManifest.Informational, f => f.Code == ValidationStatusCodes.SoftBindingAlgorithmUnlisted);
    }

    [Fact]
    public async Task The_definition_can_ask_for_soft_bindings_too()
    {
        var (store, _) = await SignSidecarAsync(new ManifestBuilder(Definition(""", "soft_bindings": ["io.iscc.v0"]""")), TestJpeg());

        Assert.Equal(ImageFingerprints.IsccAlgorithm, Assert.Single(SoftBindingValues.FromStore(store)).Algorithm);
    }

    [Fact]
    public void An_algorithm_that_cannot_be_computed_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ManifestBuilder(Definition()) { SoftBindings = ["com.adobe.trustmark.Q"] });
    }

    [Fact]
    public async Task Soft_bindings_of_a_file_that_is_not_an_image_fail_the_signing_rather_than_vanish()
    {
        var pki = PkiFixtures.Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var builder = new ManifestBuilder(Definition()) { SoftBindings = ["pdq"] };

        await Assert.ThrowsAsync<UnknownFormatException>(() => builder.SignSidecarAsync(new MemoryStream("plain text, no pixels"u8.ToArray()), signer, TestContext.Current.CancellationToken));
    }
}
