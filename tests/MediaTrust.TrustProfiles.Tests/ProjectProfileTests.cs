using System.Text;
using System.Text.Json.Nodes;
using MediaTrust.Testing;
using MediaTrust.TrustProfiles.Indicators;

namespace MediaTrust.TrustProfiles;

/// <summary>The project's own profiles (profiles/*.yml) over indicator sets of generated and corpus files.</summary>
public sealed class ProjectProfileTests
{
    private const string GenAi = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

    private static string ProfilePath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MediaTrust.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "profiles", name);
    }

    internal static TrustReport Run(string profile, JsonObject indicators) =>
        new ProfileEvaluator(new ProfileEvaluatorOptions { Now = ProfileEvaluatorCorpusTests.PinnedNow }).Evaluate(TrustProfile.Load(ProfilePath(profile)), indicators, TestContext.Current.CancellationToken);

    /// <summary>A 1×1 baseline JPEG with an XMP APP1 segment carrying the IPTC digital source type and AI system.</summary>
    internal static byte[] JpegWithXmp(string digitalSourceType)
    {
        var xmp = $"""
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
              Iptc4xmpExt:DigitalSourceType="{digitalSourceType}" Iptc4xmpExt:AISystemUsed="ImageGen 3"/>
            </rdf:RDF></x:xmpmeta>
            """;
        var payload = Encoding.ASCII.GetBytes("http://ns.adobe.com/xap/1.0/\0").Concat(Encoding.UTF8.GetBytes(xmp)).ToArray();
        var jpeg = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2) };
        jpeg.AddRange(payload);
        jpeg.AddRange(Convert.FromHexString("FFC0000B080001000101011100FFD9"));
        return [.. jpeg];
    }

    [Fact]
    public async Task Xmp_digital_source_type_reaches_the_indicator_set_and_the_ai_disclosure_profile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mediatrust-xmp-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(path, JpegWithXmp(GenAi), TestContext.Current.CancellationToken);
        try
        {
            var indicators = await TrustIndicatorSet.FromFileAsync(path, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(GenAi, indicators["metadata"]!["iptc4xmpExt:DigitalSourceType"]!.GetValue<string>());
            Assert.Equal("ImageGen 3", indicators["metadata"]!["iptc4xmpExt:AISystemUsed"]!.GetValue<string>());
            Assert.Equal("http://iptc.org/std/Iptc4xmpExt/2008-02-29/", indicators["metadata"]!["@context"]!["Iptc4xmpExt"]!.GetValue<string>());
            Assert.Equal(1, indicators["content"]!["imageWidth"]!.GetValue<int>());
            Assert.Empty(indicators["manifests"]!.AsArray());

            var report = Run("ai-disclosure.yml", indicators);
            Assert.True(report.Compliance);
            Assert.Equal(0, report.ErrorCount);
            Assert.Contains(report.Sections.SelectMany(s => s), s => s["id"]!.ToString() == "xmp_genai" && s["report_text"]!.ToString() == $"The XMP digital source type is {GenAi}.");
            Assert.True(Run("no-provenance.yml", indicators).Compliance);

            // The same file claiming a digital capture is not a disclosure.
            await File.WriteAllBytesAsync(path, JpegWithXmp("http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"), TestContext.Current.CancellationToken);
            var capture = await TrustIndicatorSet.FromFileAsync(path, cancellationToken: TestContext.Current.CancellationToken);
            Assert.False(Run("ai-disclosure.yml", capture).Compliance);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Corpus_asset_with_an_untrusted_test_signer()
    {
        var path = SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/CA.jpg");
        var options = new ReaderOptions { Validation = new Validation.ValidationOptions { ValidationTime = ProfileEvaluatorCorpusTests.PinnedNow } };
        var indicators = await TrustIndicatorSet.FromFileAsync(path, options, TestContext.Current.CancellationToken);
        var active = indicators["manifests"]![0]!;
        Assert.Equal("claimSignature.validated", active["status"]!["signature"]!.GetValue<string>());
        Assert.Equal("assertion.dataHash.match", active["status"]!["content"]!.GetValue<string>());
        Assert.Equal("signingCredential.untrusted", active["status"]!["trust"]!.GetValue<string>());
        Assert.Equal("C2PA Signer", active["claim_signature"]!["subject"]!["CN"]!.GetValue<string>());
        Assert.Equal("assertion.dataHash.match", active["claim"]!["content_status"]!.GetValue<string>());

        var trusted = Run("trusted-signer.yml", indicators);
        Assert.False(trusted.Compliance);
        Assert.Equal(0, trusted.ErrorCount);
        var camera = Run("camera-capture.yml", indicators);
        Assert.False(camera.Compliance); // opened from an ingredient, not captured
        Assert.Equal(0, camera.ErrorCount);
        Assert.False(Run("no-provenance.yml", indicators).Compliance);
        Assert.False(Run("ai-disclosure.yml", indicators).Compliance);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Corpus_photo_without_provenance_carries_its_exif()
    {
        var path = SharedFolder.RequireCorpusFile("c2pa-rs/sdk/tests/fixtures/earth_apollo17.jpg");
        var indicators = await TrustIndicatorSet.FromFileAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(375, indicators["content"]!["imageWidth"]!.GetValue<int>());
        Assert.True(indicators["metadata"]!.AsObject().ContainsKey("ifd0:Orientation"));
        Assert.True(Run("no-provenance.yml", indicators).Compliance);
    }
}
