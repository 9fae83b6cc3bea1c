using MediaTrust.Pki;
using MediaTrust.Testing;
using MediaTrust.Validation;

namespace MediaTrust.Signing;

/// <summary>
/// Signs a generated file of every writable format and checks it with MediaTrust's validator and
/// with c2pa-rs (the oracle): both must find it valid and trusted with the test root as anchor.
/// </summary>
public sealed class SignEveryFormatTests
{
    internal static readonly ManifestDefinition AiGenerated = ManifestDefinition.FromJson("""
        {
          "claim_generator_info": [{ "name": "MediaTrust tests", "version": "1.0" }],
          "title": "generated",
          "assertions": [
            { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.created",
              "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia" } ] } }
          ]
        }
        """);

    /// <summary>The ISO BMFF formats, bound with <c>c2pa.hash.bmff.v3</c>; the others get <c>c2pa.hash.data</c>.</summary>
    private static readonly string[] BmffFormats = ["mp4", "mov", "m4a", "heic", "heif", "avif"];

    public static TheoryData<string> Formats => new(GeneratedAssets.Writable);

    [Trait("Category", "Corpus")]
    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Signed_file_is_trusted_by_mediatrust_and_c2pa_rs(string extension)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        var directory = Directory.CreateTempSubdirectory("mediatrust-sign-" + extension);
        try
        {
            var output = Path.Combine(directory.FullName, "signed." + extension);
            var anchors = Path.Combine(directory.FullName, "root.pem");
            await File.WriteAllTextAsync(anchors, pki.Root.CertificatePem, cancellationToken);
            await using (var source = new MemoryStream(GeneratedAssets.Create(extension)))
            await using (var destination = File.Create(output))
            {
                await new ManifestBuilder(AiGenerated).SignAsync(source, destination, signer, cancellationToken);
            }

            var reader = await Reader.ReadFileAsync(output, TrustingRoot(pki), cancellationToken);
            Assert.True(reader.Validation!.State == ValidationState.Trusted,
                $"MediaTrust: {reader.Validation.State}: {string.Join("; ", reader.Validation.Failures)}");
            var binding = BmffFormats.Contains(extension) ? "assertion.bmffHash.match" : "assertion.dataHash.match";
            Assert.Contains(reader.Validation.Results.ActiveManifest.Success, f => f.Code == binding);

            var summary = MediaTrust.Testing.Oracle.RunTrusted(output, anchors, extension);
            Assert.Contains(binding, MediaTrust.Testing.Oracle.Successes(summary));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Fragmented_mp4_gets_a_bmff_hash_that_mediatrust_and_c2pa_rs_match()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        var directory = Directory.CreateTempSubdirectory("mediatrust-sign-fmp4");
        try
        {
            var output = Path.Combine(directory.FullName, "signed.mp4");
            var anchors = Path.Combine(directory.FullName, "root.pem");
            await File.WriteAllTextAsync(anchors, pki.Root.CertificatePem, cancellationToken);
            await using (var source = new MemoryStream(GeneratedAssets.FragmentedMp4()))
            await using (var destination = File.Create(output))
            {
                await new ManifestBuilder(AiGenerated).SignAsync(source, destination, signer, cancellationToken);
            }

            var reader = await Reader.ReadFileAsync(output, TrustingRoot(pki), cancellationToken);
            Assert.True(reader.Validation!.State == ValidationState.Trusted,
                $"MediaTrust: {reader.Validation.State}: {string.Join("; ", reader.Validation.Failures)}");
            Assert.Contains(reader.Validation.Results.ActiveManifest.Success, f => f.Code == "assertion.bmffHash.match");

            var summary = MediaTrust.Testing.Oracle.Run(output, anchorsPem: anchors);
            Assert.True(summary["failure"]!.AsArray().Count == 0, $"c2pa-rs reported failures: {summary.ToJsonString()}");
            Assert.Contains("assertion.bmffHash.match", summary["success"]!.AsArray().Select(c => c!.GetValue<string>()));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Fonts get <c>c2pa.hash.boxes</c> (spec 2.2 §18.7.3.6). MediaTrust alone judges them: c2pa-rs has no font
    /// handler (the oracle answers <c>C2pa(UnsupportedType)</c>, as for the corpus font).
    /// </summary>
    [Theory]
    [InlineData("ttf", 0x00010000u)]
    [InlineData("otf", 0x4F54544Fu)]
    public async Task Signed_font_is_trusted_by_mediatrust(string extension, uint version)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        using var destination = new MemoryStream();
        await new ManifestBuilder(AiGenerated).SignAsync(new MemoryStream(MediaTrust.Formats.Font.FontFormatTests.Minimal(version)), destination, signer, cancellationToken);
        var signed = destination.ToArray();
        MediaTrust.Formats.Font.FontFormatTests.AssertChecksums(signed);

        var reader = await Reader.ReadAsync(new MemoryStream(signed), TrustingRoot(pki), cancellationToken);
        Assert.True(reader.Validation!.State == ValidationState.Trusted,
            $"MediaTrust ({extension}): {reader.Validation.State}: {string.Join("; ", reader.Validation.Failures)}");
        Assert.Contains(reader.Validation.Results.ActiveManifest.Success, f => f.Code == "assertion.boxesHash.match");
    }

    internal static ReaderOptions TrustingRoot(TestPki pki) => new()
    {
        Validation = new ValidationOptions { Trust = new TrustStoreBuilder().AddSignerAnchorsFromPem(pki.Root.CertificatePem).Build() },
    };
}
