using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using MediaTrust.Assertions;
using MediaTrust.Bindings;
using MediaTrust.Cose;
using MediaTrust.Formats;
using MediaTrust.Jumbf;
using MediaTrust.Pki;
using MediaTrust.Testing;

namespace MediaTrust.Signing;

public sealed class ManifestBuilderTests
{
    private static readonly ManifestDefinition Definition = ManifestDefinition.FromJson("""
        {
          "claim_generator_info": [{ "name": "MediaTrust tests", "version": "1.0" }],
          "title": "tiny.gif",
          "assertions": [
            { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.created",
              "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia" } ] } },
            { "label": "stds.schema-org.CreativeWork", "kind": "Json",
              "data": { "@context": "http://schema.org/", "@type": "CreativeWork", "author": [ { "@type": "Person", "name": "Ada" } ] } }
          ]
        }
        """);

    [Fact]
    public async Task Signed_gif_carries_one_store_whose_data_hash_matches()
    {
        using var signer = TestSigner.Create();
        using var source = new MemoryStream(TinyGif());
        using var signed = new MemoryStream();

        var label = await new ManifestBuilder(Definition).SignAsync(source, signed, signer, TestContext.Current.CancellationToken);

        var layout = AssetFormats.Detect(signed)!.ReadLayout(signed, TestContext.Current.CancellationToken);
        var store = Assert.Single(layout.Stores);
        var root = JumbfReader.ReadBox(store.Jumbf);
        var manifest = Assert.Single(root.Children, c => c.IsSuperBox);
        Assert.Equal(label, manifest.Label);
        Assert.StartsWith("urn:c2pa:", label, StringComparison.Ordinal);
        var dataHashBox = manifest.FindChild("c2pa.assertions")!.FindChild(DataHashAssertion.Label)!;
        var dataHash = DataHashAssertion.Read(dataHashBox.FindContent(BoxTypes.Cbor)!.Content);
        var findings = DataHashValidator.Validate(dataHash, null, signed, store.Carriage, exactStoreExclusion: false, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["assertion.dataHash.match"], findings.Select(f => f.Code));
    }

    [Fact]
    public async Task The_claim_signature_verifies_over_the_claim_bytes()
    {
        using var signer = TestSigner.Create();
        using var source = new MemoryStream(TinyGif());
        using var signed = new MemoryStream();
        await new ManifestBuilder(Definition).SignAsync(source, signed, signer, TestContext.Current.CancellationToken);

        var store = AssetFormats.Detect(signed)!.ReadLayout(signed, TestContext.Current.CancellationToken).Stores[0];
        var manifest = JumbfReader.ReadBox(store.Jumbf).Children.Single(c => c.IsSuperBox);
        var claim = manifest.FindChild("c2pa.claim.v2")!.FindContent(BoxTypes.Cbor)!.Content;
        var cose = manifest.FindChild("c2pa.signature")!.FindContent(BoxTypes.Cbor)!.Content;
        var reader = new System.Formats.Cbor.CborReader(cose);
        Assert.Equal((System.Formats.Cbor.CborTag)18, reader.ReadTag());
        reader.ReadStartArray();
        var protectedHeader = reader.ReadByteString();
        reader.SkipValue();
        reader.ReadNull();
        var signature = reader.ReadByteString();

        var toBeSigned = Cose.SigStructure.ForClaimSignature(protectedHeader, claim.Span);

        Assert.Equal(SignatureCheck.Valid, SignatureVerifier.Verify(SigningAlgorithm.ES256, signer.CertificateChain[0], toBeSigned, signature));
    }

    [Theory]
    [InlineData(SigningAlgorithm.ES384)]
    [InlineData(SigningAlgorithm.ES512)]
    [InlineData(SigningAlgorithm.PS256)]
    [InlineData(SigningAlgorithm.EdDSA)]
    public async Task Every_algorithm_signs(SigningAlgorithm algorithm)
    {
        using var signer = TestSigner.Create(algorithm);
        using var source = new MemoryStream(TinyGif());
        using var signed = new MemoryStream();

        await new ManifestBuilder(Definition).SignAsync(source, signed, signer, TestContext.Current.CancellationToken);

        Assert.Single(AssetFormats.Detect(signed)!.ReadLayout(signed, TestContext.Current.CancellationToken).Stores);
    }

    [Fact]
    public async Task A_failure_mid_way_leaves_the_file_being_signed_in_place_untouched()
    {
        using var signer = TestSigner.Create();
        var directory = Directory.CreateTempSubdirectory("mediatrust-atomic-");
        try
        {
            var path = Path.Combine(directory.FullName, "asset.gif");
            await File.WriteAllBytesAsync(path, TinyGif(), TestContext.Current.CancellationToken);

            await Assert.ThrowsAsync<CryptographicException>(() =>
                new ManifestBuilder(Definition).SignFileAsync(path, path, new FailingSigner(signer), TestContext.Current.CancellationToken));

            Assert.Equal(TinyGif(), await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
            Assert.Equal(["asset.gif"], directory.GetFiles().Select(f => f.Name));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Signing_twice_replaces_the_store()
    {
        using var signer = TestSigner.Create();
        using var source = new MemoryStream(TinyGif());
        using var once = new MemoryStream();
        using var twice = new MemoryStream();
        await new ManifestBuilder(Definition).SignAsync(source, once, signer, TestContext.Current.CancellationToken);

        var second = await new ManifestBuilder(Definition).SignAsync(once, twice, signer, TestContext.Current.CancellationToken);

        var store = Assert.Single(AssetFormats.Detect(twice)!.ReadLayout(twice, TestContext.Current.CancellationToken).Stores);
        Assert.Equal(second, JumbfReader.ReadBox(store.Jumbf).Children.Single(c => c.IsSuperBox).Label);
    }

    /// <summary>A 1×1 GIF89a: header, logical screen, global colour table, image, trailer.</summary>
    internal static byte[] TinyGif() =>
    [
        .."GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF,
        0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ];
}

/// <summary>A claim signer from a fresh test PKI (signer ← intermediate ← root), valid around now.</summary>
internal static class TestSigner
{
    public static PemClaimSigner Create(SigningAlgorithm algorithm = SigningAlgorithm.ES256) => CreatePki(algorithm).CreateClaimSigner();

    public static TestPki CreatePki(SigningAlgorithm algorithm = SigningAlgorithm.ES256) =>
        TestPki.Create(algorithm, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
}

/// <summary>A signer that fails after the asset was copied and hashed, to prove a failed signing damages nothing.</summary>
internal sealed class FailingSigner(IClaimSigner inner) : IClaimSigner
{
    public SigningAlgorithm Algorithm => inner.Algorithm;

    public IReadOnlyList<X509Certificate2> CertificateChain => inner.CertificateChain;

    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> toBeSigned, CancellationToken cancellationToken = default) =>
        throw new CryptographicException("the signing service is down");
}

public sealed class ManifestBuilderOracleTests
{
    [Trait("Category", "Corpus")]
    [Fact]
    public async Task C2pa_rs_reads_a_signed_gif_as_trusted_with_the_test_root_as_anchor()
    {
        var pki = TestSigner.CreatePki();
        using var signer = pki.CreateClaimSigner();
        var directory = Directory.CreateTempSubdirectory("mediatrust-sign-");
        try
        {
            var output = Path.Combine(directory.FullName, "signed.gif");
            var anchors = Path.Combine(directory.FullName, "root.pem");
            await File.WriteAllTextAsync(anchors, pki.Root.CertificatePem, TestContext.Current.CancellationToken);
            await using (var source = new MemoryStream(ManifestBuilderTests.TinyGif()))
            await using (var destination = File.Create(output))
            {
                await new ManifestBuilder(ManifestDefinition.FromJson("""
                    { "claim_generator_info": [{ "name": "MediaTrust tests" }], "title": "tiny.gif",
                      "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.created",
                        "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia" } ] } } ] }
                    """)).SignAsync(source, destination, signer, TestContext.Current.CancellationToken);
            }

            var summary = MediaTrust.Testing.Oracle.RunTrusted(output, anchors);

            Assert.Contains("assertion.dataHash.match", MediaTrust.Testing.Oracle.Successes(summary));

            var json = MediaTrust.Testing.Oracle.Run(output, mode: "json", anchorsPem: anchors);
            var active = json["active_manifest"]!.GetValue<string>();
            var actions = json["manifests"]![active]!["assertions"]!.AsArray().Single(a => a!["label"]!.GetValue<string>() == "c2pa.actions.v2");
            Assert.Equal("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
                actions!["data"]!["actions"]![0]!["digitalSourceType"]!.GetValue<string>());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
