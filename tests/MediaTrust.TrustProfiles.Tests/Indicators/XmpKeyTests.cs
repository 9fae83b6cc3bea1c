using System.Text;
using MediaTrust.Testing;

namespace MediaTrust.TrustProfiles.Indicators;

/// <summary>
/// XMP keys in <c>metadata</c> follow the reference sample (adobe/profile-evaluator testfiles/xmp_indicators.json):
/// <c>iptc4xmpExt:</c> with a lower-case i, language alternatives as <c>:lang</c> + <c>:value</c>, and the
/// <c>@context</c> map under the registered prefix <c>Iptc4xmpExt</c>.
/// </summary>
public sealed class XmpKeyTests : IDisposable
{
    private const string Composite = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia";

    private readonly SignedAssets _assets = new();

    public void Dispose() => _assets.Dispose();

    /// <summary>A 1×1 JPEG whose XMP carries what the reference sample's XMP carried (source type, contributor, supplier).</summary>
    private static byte[] JpegLikeTheReferenceSample()
    {
        const string Xmp = $"""
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/"
              Iptc4xmpExt:DigitalSourceType="{Composite}" Iptc4xmpExt:AODateCreated="2025-09-09T16:00:49.035Z">
              <Iptc4xmpExt:Contributor><rdf:Bag><rdf:li rdf:parseType="Resource">
                <Iptc4xmpExt:Name><rdf:Alt><rdf:li xml:lang="x-default">Adobe Firefly 3.1</rdf:li></rdf:Alt></Iptc4xmpExt:Name>
                <Iptc4xmpExt:Role><rdf:Bag><rdf:li rdf:resource="http://cv.iptc.org/newscodes/contentprodpartyrole/origcont"/></rdf:Bag></Iptc4xmpExt:Role>
              </rdf:li></rdf:Bag></Iptc4xmpExt:Contributor>
            </rdf:Description></rdf:RDF></x:xmpmeta>
            """;
        byte[] payload = [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. Encoding.UTF8.GetBytes(Xmp)];
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2), .. payload, .. Convert.FromHexString("FFC0000B080001000101011100FFD9")];
    }

    [Fact]
    public async Task Keys_have_the_reference_samples_form()
    {
        var indicators = await _assets.IndicatorsAsync(await _assets.WriteAsync("xmp.jpg", JpegLikeTheReferenceSample()));
        var metadata = indicators["metadata"]!;

        Assert.Equal(Composite, metadata["iptc4xmpExt:DigitalSourceType"]!.GetValue<string>());
        Assert.Null(metadata["Iptc4xmpExt:DigitalSourceType"]);
        Assert.Equal("2025-09-09T16:00:49.035Z", metadata["iptc4xmpExt:AODateCreated"]!.GetValue<string>());
        Assert.Equal("Adobe Firefly 3.1", metadata["iptc4xmpExt:Contributor:Name:value"]!.GetValue<string>());
        Assert.Equal("x-default", metadata["iptc4xmpExt:Contributor:Name:lang"]!.GetValue<string>());
        Assert.Equal("http://cv.iptc.org/newscodes/contentprodpartyrole/origcont", metadata["iptc4xmpExt:Contributor:Role"]!.GetValue<string>());
        Assert.Equal("http://iptc.org/std/Iptc4xmpExt/2008-02-29/", metadata["@context"]!["Iptc4xmpExt"]!.GetValue<string>());
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task The_reference_xmp_profile_reads_our_indicator_set()
    {
        var profile = SharedFolder.RequireCorpusFile("profile-evaluator/testfiles/xmp_profile.yml");
        var indicators = await _assets.IndicatorsAsync(await _assets.WriteAsync("xmp.jpg", JpegLikeTheReferenceSample()));

        var report = new ProfileEvaluator(new ProfileEvaluatorOptions { Now = ProfileEvaluatorCorpusTests.PinnedNow }).Evaluate(TrustProfile.Load(profile), indicators, TestContext.Current.CancellationToken);

        Assert.True(report.Compliance, report.ToJson());
        Assert.Equal(0, report.ErrorCount);
        var info = report.Document["xmp-genAI-info"]!;
        Assert.Equal("Adobe Firefly 3.1", info["genAIApp"]!.ToString().Trim());
        Assert.Equal(Composite, info["type"]!.ToString().Trim());
        Assert.Equal("2025-09-09T16:00:49.035Z", info["date"]!.ToString().Trim());
    }
}
