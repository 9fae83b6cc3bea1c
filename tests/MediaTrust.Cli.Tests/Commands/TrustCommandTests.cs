using System.Text.Json.Nodes;

namespace MediaTrust.Cli.Commands;

public sealed class TrustCommandTests : IDisposable
{
    private readonly TrustTestAssets _assets = new();

    public void Dispose() => _assets.Dispose();

    private static async Task<(int Code, string Output, string Error)> TrustAsync(string file, string profile, params string[] more) =>
        await CliRunner.RunAsync(["trust", file, "--profile", TrustTestAssets.Profile(profile), "--at", TrustTestAssets.At, .. more]);

    [Fact]
    public async Task Json_report_of_a_compliant_asset_exits_0()
    {
        var file = await _assets.SignedAsync("ai.gif", TrustTestAssets.GenAi);

        var (code, output, error) = await TrustAsync(file, "ai-disclosure.yml");

        Assert.True(code == ExitCodes.Ok, error);
        var report = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(["profile_metadata", "statements"], report.Select(p => p.Key));
        Assert.Equal("AI-generated content disclosure", report["profile_metadata"]!["name"]!.GetValue<string>());
        var statements = report["statements"]!.AsArray().SelectMany(s => s!.AsArray()).ToDictionary(s => s!["id"]!.GetValue<string>());
        Assert.True(statements["c2pa_genai"]!["value"]!.GetValue<bool>());
        Assert.True(statements["jpt:profile_compliance"]!["value"]!.GetValue<bool>());
        Assert.Equal("This asset discloses that it was produced by generative AI.", statements["jpt:profile_compliance"]!["report_text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Non_compliant_asset_exits_1()
    {
        var file = await _assets.SignedAsync("capture.gif", TrustTestAssets.Capture);

        var (code, output, error) = await TrustAsync(file, "ai-disclosure.yml", "--format", "text");

        Assert.True(code == ExitCodes.Invalid, error);
        Assert.StartsWith("Trust Report: AI-generated content disclosure v1.0.0", output, StringComparison.Ordinal);
        Assert.Contains("Compliance: no", output, StringComparison.Ordinal);
        Assert.Contains("jpt:profile_compliance: This asset does not disclose generative AI.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Yaml_report_is_block_style_with_metadata_first()
    {
        var file = await _assets.SignedAsync("capture.gif", TrustTestAssets.Capture);

        var (code, output, error) = await TrustAsync(file, "camera-capture.yml", "-f", "yaml", "--trust-anchors", _assets.RootPem());

        Assert.True(code == ExitCodes.Ok, error);
        Assert.StartsWith("profile_metadata:", output, StringComparison.Ordinal);
        Assert.Contains("\nstatements:", output, StringComparison.Ordinal);
        Assert.Contains("id: digital_capture", output, StringComparison.Ordinal);
        Assert.DoesNotContain("{\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_report_is_a_standalone_page()
    {
        var file = _assets.Unsigned();

        var (code, output, error) = await TrustAsync(file, "no-provenance.yml", "--format", "html");

        Assert.True(code == ExitCodes.Ok, error);
        Assert.StartsWith("<!DOCTYPE html>", output, StringComparison.Ordinal);
        Assert.Contains("<title>Trust Report – No provenance</title>", output, StringComparison.Ordinal);
        Assert.Contains("This asset has no provenance at all.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", output, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("</html>", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lang_picks_the_report_texts()
    {
        var profile = _assets.PathOf("bilingual.yml");
        await File.WriteAllTextAsync(profile, """
            profile_metadata: { name: bilingual, version: 1.0.0, language: en }
            ---
            - id: jpt:profile_compliance
              expression: 'length(manifests) == `0`'
              report_text:
                "true": { en: "No provenance.", fr: "Aucune provenance." }
                "false": { en: "Provenance.", fr: "Provenance présente." }
            """, TestContext.Current.CancellationToken);

        var (fr, frText, _) = await CliRunner.RunAsync("trust", _assets.Unsigned(), "-p", profile, "-f", "text", "--lang", "fr");
        var (en, enText, _) = await CliRunner.RunAsync("trust", _assets.Unsigned(), "-p", profile, "-f", "text");
        var (region, regionText, _) = await CliRunner.RunAsync("trust", _assets.Unsigned(), "-p", profile, "-f", "text", "--lang", "fr-CA");

        Assert.Equal(ExitCodes.Ok, fr);
        Assert.Contains("jpt:profile_compliance: Aucune provenance.", frText, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, en);
        Assert.Contains("jpt:profile_compliance: No provenance.", enText, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, region);
        Assert.Contains("jpt:profile_compliance: Aucune provenance.", regionText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_format_is_a_usage_error()
    {
        var (code, output, _) = await TrustAsync(_assets.Unsigned(), "no-provenance.yml", "--format", "pdf");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.DoesNotContain("statements", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_profile_exits_3_with_the_reason()
    {
        var profile = _assets.PathOf("cycle.yml");
        await File.WriteAllTextAsync(profile, "profile_metadata: { name: x }\ninclude: [cycle.yml]\n", TestContext.Current.CancellationToken);

        var (code, output, error) = await CliRunner.RunAsync("trust", _assets.Unsigned(), "-p", profile);

        Assert.Equal(ExitCodes.Error, code);
        Assert.Empty(output);
        Assert.Contains("include cycle", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_asset_is_a_usage_error()
    {
        var (code, _, error) = await TrustAsync(_assets.PathOf("nope.gif"), "no-provenance.yml");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }
}
