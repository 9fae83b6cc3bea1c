using MediaTrust.Cose;
using MediaTrust.Manifests;
using MediaTrust.Spec;
using MediaTrust.Testing;
using MediaTrust.Validation;

namespace MediaTrust.Signing;

/// <summary>
/// Update manifests (spec 2.2 §11.2.3): a signed file gets a <c>c2um</c> manifest appended to its
/// store; MediaTrust and c2pa-rs both validate it through the parent's hard binding.
/// </summary>
public sealed class UpdateManifestTests
{
    private static readonly ManifestDefinition Published = ManifestDefinition.FromJson("""
        {
          "claim_generator_info": [{ "name": "MediaTrust tests", "version": "1.0" }],
          "assertions": [
            { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.published" } ] } },
            { "label": "c2pa.metadata", "kind": "Json", "data": { "@context": { "dc": "http://purl.org/dc/elements/1.1/" }, "dc:date": "2026-11-26" } }
          ]
        }
        """);

    /// <summary>Formats whose store is self-delimited: it can grow in place without touching the parent's hard binding.</summary>
    private static readonly string[] Updatable = ["jpg", "png", "gif", "svg", "jxl"];

    public static TheoryData<string> Formats => new(Updatable);

    public static TheoryData<string> OtherFormats => new(GeneratedAssets.Writable.Except(Updatable));

    [Theory]
    [MemberData(nameof(OtherFormats))]
    public async Task Formats_whose_container_records_the_store_size_refuse_an_update(string extension)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var signer = TestSigner.Create();
        var signed = new MemoryStream();
        await new ManifestBuilder(SignEveryFormatTests.AiGenerated).SignAsync(new MemoryStream(GeneratedAssets.Create(extension)), signed, signer, cancellationToken);
        signed.Position = 0;
        var destination = new MemoryStream();

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => new ManifestBuilder(Published).UpdateAsync(signed, destination, signer, cancellationToken));

        Assert.Contains("hard binding", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, destination.Length);
    }

    [Trait("Category", "Corpus")]
    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Updated_file_is_trusted_by_mediatrust_and_c2pa_rs(string extension)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        var directory = Directory.CreateTempSubdirectory("mediatrust-update-" + extension);
        try
        {
            var signed = new MemoryStream();
            var first = await new ManifestBuilder(SignEveryFormatTests.AiGenerated).SignAsync(new MemoryStream(GeneratedAssets.Create(extension)), signed, signer, cancellationToken);
            var output = Path.Combine(directory.FullName, "updated." + extension);
            string label;
            await using (var destination = File.Create(output))
            {
                signed.Position = 0;
                label = await new ManifestBuilder(Published).UpdateAsync(signed, destination, signer, cancellationToken);
            }

            var reader = await Reader.ReadFileAsync(output, SignEveryFormatTests.TrustingRoot(pki), cancellationToken);
            Assert.True(reader.Validation!.State == ValidationState.Trusted,
                $"MediaTrust: {reader.Validation.State}: {string.Join("; ", reader.Validation.Failures)}");
            Assert.Equal([first, label], reader.Store.Manifests.Select(m => m.Label));
            var update = reader.Store.ActiveManifest!;
            Assert.Equal(ManifestKind.Update, update.Kind);
            Assert.DoesNotContain(update.Assertions, a => a.Label.StartsWith("c2pa.hash.", StringComparison.Ordinal) || a.Label.StartsWith("c2pa.thumbnail.", StringComparison.Ordinal));
            Assert.Contains(reader.Validation.Results.ActiveManifest.Success, f => f.Code == "assertion.dataHash.match");

            var anchors = Path.Combine(directory.FullName, "root.pem");
            await File.WriteAllTextAsync(anchors, pki.Root.CertificatePem, cancellationToken);
            MediaTrust.Testing.Oracle.RunTrusted(output, anchors);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task A_second_update_chains_onto_the_first()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        var directory = Directory.CreateTempSubdirectory("mediatrust-update-twice");
        try
        {
            var signed = new MemoryStream();
            var first = await new ManifestBuilder(SignEveryFormatTests.AiGenerated).SignAsync(new MemoryStream(GeneratedAssets.Create("jpg")), signed, signer, cancellationToken);
            var updated = new MemoryStream();
            signed.Position = 0;
            var second = await new ManifestBuilder(Published).UpdateAsync(signed, updated, signer, cancellationToken);
            var output = Path.Combine(directory.FullName, "twice.jpg");
            string third;
            await using (var destination = File.Create(output))
            {
                updated.Position = 0;
                third = await new ManifestBuilder(Published).UpdateAsync(updated, destination, signer, cancellationToken);
            }

            var reader = await Reader.ReadFileAsync(output, SignEveryFormatTests.TrustingRoot(pki), cancellationToken);
            Assert.True(reader.Validation!.State == ValidationState.Trusted, string.Join("; ", reader.Validation.Failures));
            Assert.Equal([first, second, third], reader.Store.Manifests.Select(m => m.Label));
            Assert.Equal(ManifestKind.Update, reader.Store.Manifests[1].Kind);

            var anchors = Path.Combine(directory.FullName, "root.pem");
            await File.WriteAllTextAsync(anchors, pki.Root.CertificatePem, cancellationToken);
            MediaTrust.Testing.Oracle.RunTrusted(output, anchors);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Update_refuses_content_actions_and_unsigned_assets()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        var edited = ManifestDefinition.FromJson("""
            { "claim_generator_info": [{ "name": "t" }],
              "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.color_adjustments" } ] } } ] }
            """);
        var signed = new MemoryStream();
        await new ManifestBuilder(SignEveryFormatTests.AiGenerated).SignAsync(new MemoryStream(GeneratedAssets.Create("jpg")), signed, signer, cancellationToken);
        signed.Position = 0;
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new ManifestBuilder(edited).UpdateAsync(signed, new MemoryStream(), signer, cancellationToken));
        Assert.Contains("c2pa.color_adjustments", error.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<NoManifestException>(() =>
            new ManifestBuilder(Published).UpdateAsync(new MemoryStream(GeneratedAssets.Create("jpg")), new MemoryStream(), signer, cancellationToken));
    }

    /// <summary>
    /// The offline workflow of spec 2.2 §18.17: a manifest signed without a time-stamp by a certificate that has
    /// since expired is time-stamped later by an update manifest's <c>c2pa.time-stamp</c> assertion, and so
    /// validates at its attested time (§15.8.1.2).
    /// </summary>
    [Fact]
    public async Task An_update_can_time_stamp_the_previous_manifest_signed_offline()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = MediaTrust.Pki.PkiFixtures.Get(SigningAlgorithm.ES256);
        var signedAt = new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.Zero);
        var expiredLeaf = pki.Issue(TestPki.SignerTemplate(TestKeyType.P256, MediaTrust.Pki.PkiFixtures.NotBefore,
            new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), "Offline"), pki.Intermediate);
        using var offline = MediaTrust.Pki.PemClaimSigner.FromPem(expiredLeaf.PrivateKeyPem, expiredLeaf.CertificatePem + pki.Intermediate.CertificatePem);
        using var signer = pki.CreateClaimSigner();
        var validation = new ValidationOptions { Trust = MediaTrust.Pki.PkiFixtures.TrustFor(pki), ValidationTime = MediaTrust.Pki.PkiFixtures.Now };
        var signed = new MemoryStream();
        await new ManifestBuilder(SignEveryFormatTests.AiGenerated).SignAsync(new MemoryStream(GeneratedAssets.Create("jpg")), signed, offline, cancellationToken);

        async Task<ValidationReport> UpdateAsync(bool timeStampIngredients)
        {
            var tsa = new MediaTrust.Pki.TestTimeStampProvider(pki, signedAt);
            var builder = new ManifestBuilder(Published)
            {
                TimeStampProvider = tsa,
                TimeStampIngredients = timeStampIngredients,
                IngredientReaderOptions = new ReaderOptions { Validation = validation },
            };
            signed.Position = 0;
            var updated = new MemoryStream();
            await builder.UpdateAsync(signed, updated, signer, cancellationToken);
            Assert.Equal(timeStampIngredients ? 2 : 1, tsa.Issued); // the update's own sigTst2, and the stamp for the parent
            updated.Position = 0;
            return (await Reader.ReadAsync(updated, new ReaderOptions { Validation = validation }, cancellationToken)).Validation!;
        }

        var unstamped = await UpdateAsync(timeStampIngredients: false);
        var stamped = await UpdateAsync(timeStampIngredients: true);

        var before = Assert.Single(unstamped.Results.IngredientDeltas).ValidationDeltas;
        Assert.Contains(before.Failure, f => f.Code == ValidationStatusCodes.ClaimSignatureOutsideValidity);
        var after = Assert.Single(stamped.Results.IngredientDeltas).ValidationDeltas;
        Assert.DoesNotContain(after.Failure, f => f.Code == ValidationStatusCodes.ClaimSignatureOutsideValidity);
        var trusted = Assert.Single(after.Success, f => f.Code == ValidationStatusCodes.TimeStampTrusted);
        Assert.EndsWith("/c2pa.assertions/c2pa.time-stamp", trusted.Url, StringComparison.Ordinal);
        Assert.Empty(stamped.Failures);
    }
}
