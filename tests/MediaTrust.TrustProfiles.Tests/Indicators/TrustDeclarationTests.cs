namespace MediaTrust.TrustProfiles.Indicators;

/// <summary>
/// The Trust Declaration (ISO/IEC 21617-1 §4.4.4): a manifest box of JUMBF type <c>c2md</c> goes to <c>declaration</c>,
/// not <c>manifests[]</c>. The stores are generated: signed here, then retyped from <c>c2ma</c>.
/// </summary>
public sealed class TrustDeclarationTests : IDisposable
{
    private readonly SignedAssets _assets = new();

    public void Dispose() => _assets.Dispose();

    [Trait("Category", "Corpus")]
    [Theory]
    [InlineData("jpg")]
    [InlineData("gif")]
    public async Task C2md_manifest_is_the_declaration(string extension)
    {
        var path = await _assets.SignAsync("declared." + extension, extension == "jpg" ? SignedAssets.Jpeg() : SignedAssets.Gif(), SignedAssets.GenAi);
        await SignedAssets.RetypeAsTrustDeclarationAsync(path);

        var indicators = await _assets.IndicatorsAsync(path);

        Assert.Equal(["@context", "asset_info", "declaration", "manifests", "content", "metadata", "extras:validation_status"], indicators.Select(p => p.Key));
        Assert.Empty(indicators["manifests"]!.AsArray());
        var declaration = indicators["declaration"]!;
        Assert.StartsWith("urn:c2pa:", declaration["label"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(SignedAssets.GenAi, declaration["assertions"]!["c2pa.actions.v2"]!["actions"]![0]!["digitalSourceType"]!.GetValue<string>());
        // C2PA 2.2 §11.2.2: a c2md manifest is read and validated as a standard manifest.
        Assert.Equal("claimSignature.validated", declaration["status"]!["signature"]!.GetValue<string>());
        Assert.Equal("assertion.dataHash.match", declaration["status"]!["content"]!.GetValue<string>());
        Assert.Equal("signingCredential.trusted", declaration["status"]!["trust"]!.GetValue<string>());
        Assert.Equal("assertion.dataHash.match", declaration["claim.v2"]!["content_status"]!.GetValue<string>());
        Assert.True(indicators["extras:validation_status"]!["isValid"]!.GetValue<bool>());

        // A declaration is provenance, and its actions disclose generative AI.
        var none = ProjectProfileTests.Run("no-provenance.yml", indicators);
        Assert.False(none.Compliance);
        Assert.Contains(none.Sections.SelectMany(s => s), s => s["id"]!.ToString() == "declaration" && s["report_text"]!.ToString() == "The asset carries a Trust Declaration.");
        Assert.Contains(none.Sections.SelectMany(s => s), s => s["id"]!.ToString() == "manifests" && s["report_text"]!.ToString() == "The asset carries no C2PA manifest.");
        Assert.True(ProjectProfileTests.Run("ai-disclosure.yml", indicators).Compliance);
    }

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task Standard_manifest_has_no_declaration()
    {
        var path = await _assets.SignAsync("standard.jpg", SignedAssets.Jpeg(), SignedAssets.GenAi);

        var indicators = await _assets.IndicatorsAsync(path);

        Assert.False(indicators.ContainsKey("declaration"));
        Assert.Single(indicators["manifests"]!.AsArray());
    }
}
