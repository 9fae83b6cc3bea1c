using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using MediaTrust.Bindings;
using MediaTrust.Formats;
using MediaTrust.Jumbf;
using MediaTrust.Pki;

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
        var dataHash = DataHashAssertion.Decode(dataHashBox.FindContent(BoxTypes.Cbor)!.Content);
        var findings = DataHashValidator.Validate(dataHash, null, signed, store.Carriage, exactStoreExclusion: false, TestContext.Current.CancellationToken);
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

/// <summary>An ES256 signer whose chain (signer, intermediate) leads to a fresh test root.</summary>
internal sealed class TestSigner : IClaimSigner, IDisposable
{
    private readonly ECDsa _key;

    private TestSigner(ECDsa key, X509Certificate2[] chain, X509Certificate2 root)
    {
        _key = key;
        CertificateChain = chain;
        Root = root;
    }

    public SigningAlgorithm Algorithm => SigningAlgorithm.ES256;

    public IReadOnlyList<X509Certificate2> CertificateChain { get; }

    public X509Certificate2 Root { get; }

    public static TestSigner Create()
    {
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=MediaTrust Test Root, O=MediaTrust", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var rootWithKey = rootRequest.CreateSelfSigned(notBefore, notBefore.AddYears(10));

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=MediaTrust Test Signer, O=MediaTrust", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.4.1.62558.2.1"), new Oid("1.3.6.1.5.5.7.3.4")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(rootWithKey, true, false));
        var signer = request.Create(rootWithKey, notBefore, notBefore.AddYears(2), [1, 2, 3, 4, 5, 6, 7, 8]);
        return new TestSigner(key, [X509CertificateLoader.LoadCertificate(signer.RawData)], X509CertificateLoader.LoadCertificate(rootWithKey.RawData));
    }

    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> toBeSigned, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_key.SignData(toBeSigned.Span, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    public void Dispose() => _key.Dispose();
}

public sealed class ManifestBuilderOracleTests
{
    [Fact]
    public async Task C2pa_rs_reads_a_signed_gif_as_trusted_with_the_test_root_as_anchor()
    {
        using var signer = TestSigner.Create();
        var directory = Directory.CreateTempSubdirectory("mediatrust-sign-");
        try
        {
            var output = Path.Combine(directory.FullName, "signed.gif");
            var anchors = Path.Combine(directory.FullName, "root.pem");
            await File.WriteAllTextAsync(anchors, signer.Root.ExportCertificatePem(), TestContext.Current.CancellationToken);
            await using (var source = new MemoryStream(ManifestBuilderTests.TinyGif()))
            await using (var destination = File.Create(output))
            {
                await new ManifestBuilder(ManifestDefinition.FromJson("""
                    { "claim_generator_info": [{ "name": "MediaTrust tests" }], "title": "tiny.gif",
                      "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.created",
                        "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia" } ] } } ] }
                    """)).SignAsync(source, destination, signer, TestContext.Current.CancellationToken);
            }

            var summary = MediaTrust.Testing.Oracle.Run(output, anchorsPem: anchors);

            Assert.True(summary["failure"]!.AsArray().Count == 0, $"c2pa-rs reported failures: {summary.ToJsonString()}");
            Assert.Equal("Trusted", summary["state"]!.GetValue<string>());
            Assert.Contains("assertion.dataHash.match", summary["success"]!.AsArray().Select(n => n!.GetValue<string>()));

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
