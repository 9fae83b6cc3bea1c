using System.Text.Json.Nodes;

namespace MediaTrust.TrustProfiles;

/// <summary>
/// Every project profile (profiles/*.yml) with a positive and a negative case, on JPEGs and GIFs signed here with
/// <see cref="Signing.ManifestBuilder"/> and the test PKI — no third-party media.
/// </summary>
public sealed class SignedAssetProfileTests : IDisposable
{
    private readonly SignedAssets _assets = new();

    public void Dispose() => _assets.Dispose();

    private static TrustReport Run(string profile, JsonObject indicators)
    {
        var report = ProjectProfileTests.Run(profile, indicators);
        Assert.True(report.ErrorCount == 0, report.ToJson());
        return report;
    }

    private static string? Text(TrustReport report, string id) =>
        report.Sections.SelectMany(s => s).Single(s => s["id"]!.ToString() == id)["report_text"]?.ToString();

    private static bool? Value(TrustReport report, string id) =>
        report.Sections.SelectMany(s => s).Single(s => s["id"]!.ToString() == id)["value"]?.GetValue<bool>();

    [Trait("Category", "Corpus")]
    [Theory]
    [InlineData("jpg")]
    [InlineData("gif")]
    public async Task Ai_disclosure_accepts_trained_algorithmic_media_and_rejects_a_capture(string extension)
    {
        var asset = extension == "jpg" ? SignedAssets.Jpeg() : SignedAssets.Gif();
        var ai = await _assets.IndicatorsAsync(await _assets.SignAsync("ai." + extension, asset, SignedAssets.GenAi));
        var capture = await _assets.IndicatorsAsync(await _assets.SignAsync("capture." + extension, asset, SignedAssets.Capture));

        var yes = Run("ai-disclosure.yml", ai);
        Assert.True(yes.Compliance);
        Assert.True(Value(yes, "c2pa_genai"));
        Assert.False(Value(yes, "xmp_genai")); // the disclosure comes from the C2PA actions alone
        Assert.Equal("This asset discloses that it was produced by generative AI.", Text(yes, "jpt:profile_compliance"));

        var no = Run("ai-disclosure.yml", capture);
        Assert.False(no.Compliance);
        Assert.False(Value(no, "c2pa_genai"));
        Assert.Equal("This asset does not disclose generative AI.", Text(no, "jpt:profile_compliance"));
    }

    [Trait("Category", "Corpus")]
    [Theory]
    [InlineData("jpg")]
    [InlineData("gif")]
    public async Task Camera_capture_accepts_a_signed_capture_and_rejects_ai_and_tampering(string extension)
    {
        var asset = extension == "jpg" ? SignedAssets.Jpeg() : SignedAssets.Gif();
        var capturePath = await _assets.SignAsync("capture." + extension, asset, SignedAssets.Capture);
        var capture = Run("camera-capture.yml", await _assets.IndicatorsAsync(capturePath));
        Assert.True(capture.Compliance);
        Assert.Equal("The content matches its hard binding (assertion.dataHash.match).", Text(capture, "unmodified"));

        var ai = Run("camera-capture.yml", await _assets.IndicatorsAsync(await _assets.SignAsync("ai." + extension, asset, SignedAssets.GenAi)));
        Assert.False(ai.Compliance);
        Assert.False(Value(ai, "digital_capture"));
        Assert.True(Value(ai, "signed"));

        await SignedAssets.TamperAsync(capturePath);
        var tampered = Run("camera-capture.yml", await _assets.IndicatorsAsync(capturePath));
        Assert.False(tampered.Compliance);
        Assert.False(Value(tampered, "unmodified"));
        Assert.True(Value(tampered, "digital_capture"));
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Trusted_signer_accepts_a_trusted_signer_with_a_trusted_time_stamp()
    {
        var path = await _assets.SignAsync("stamped.jpg", SignedAssets.Jpeg(), SignedAssets.Capture, timeStamp: true);
        var indicators = await _assets.IndicatorsAsync(path);
        Assert.Equal("signingCredential.trusted", indicators["manifests"]![0]!["status"]!["trust"]!.GetValue<string>());

        var report = Run("trusted-signer.yml", indicators);
        Assert.True(report.Compliance, report.ToJson());
        Assert.Equal("Signer: MediaTrust Test Claim Signer (issued by MediaTrust Test Intermediate CA).", Text(report, "signature"));
        Assert.StartsWith("A trusted time-stamp (2026-03-01T11:55:00", Text(report, "timestamp_trusted"), StringComparison.Ordinal);
        Assert.Equal("This asset is signed by a trusted signer with a trusted time-stamp.", Text(report, "jpt:profile_compliance"));
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Trusted_signer_rejects_an_untrusted_signer()
    {
        var path = await _assets.SignAsync("stamped.jpg", SignedAssets.Jpeg(), SignedAssets.Capture, timeStamp: true);
        var report = Run("trusted-signer.yml", await _assets.IndicatorsAsync(path, trustRoot: false));
        Assert.False(report.Compliance);
        Assert.True(Value(report, "signature_valid"));
        Assert.True(Value(report, "content_intact"));
        Assert.False(Value(report, "signer_trusted"));
        Assert.Equal("The signer is not trusted (signingCredential.untrusted).", Text(report, "signer_trusted"));
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Trusted_signer_rejects_a_file_without_a_time_stamp()
    {
        var path = await _assets.SignAsync("unstamped.gif", SignedAssets.Gif(), SignedAssets.Capture);
        var report = Run("trusted-signer.yml", await _assets.IndicatorsAsync(path));
        Assert.False(report.Compliance);
        Assert.True(Value(report, "signer_trusted"));
        Assert.False(Value(report, "timestamp_trusted"));
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Trusted_signer_rejects_a_tampered_file()
    {
        var path = await _assets.SignAsync("stamped.jpg", SignedAssets.Jpeg(), SignedAssets.Capture, timeStamp: true);
        await SignedAssets.TamperAsync(path);
        var report = Run("trusted-signer.yml", await _assets.IndicatorsAsync(path));
        Assert.False(report.Compliance);
        Assert.True(Value(report, "signer_trusted"));
        Assert.False(Value(report, "content_intact"));
        Assert.Equal("The content was changed after signing, or has no hard binding.", Text(report, "content_intact"));
    }

    [Trait("Category", "Corpus")]
    [Theory]
    [InlineData("jpg")]
    [InlineData("gif")]
    public async Task No_provenance_accepts_an_unsigned_file_and_rejects_a_signed_one(string extension)
    {
        var asset = extension == "jpg" ? SignedAssets.Jpeg() : SignedAssets.Gif();
        var plain = Run("no-provenance.yml", await _assets.IndicatorsAsync(await _assets.WriteAsync("plain." + extension, asset)));
        Assert.True(plain.Compliance);
        Assert.Equal("The asset carries no C2PA manifest.", Text(plain, "manifests"));
        Assert.Equal("The asset carries no Trust Declaration.", Text(plain, "declaration"));

        var signed = Run("no-provenance.yml", await _assets.IndicatorsAsync(await _assets.SignAsync("signed." + extension, asset, SignedAssets.GenAi)));
        Assert.False(signed.Compliance);
        Assert.Equal("The asset carries 1 C2PA manifest(s).", Text(signed, "manifests"));
        Assert.True(Value(signed, "declaration"));
    }
}
